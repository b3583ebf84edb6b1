"""The web desks of approval cases: the window (收件受理), the reviewer and
head (审查决定), the applicant (网上申请), and the case page they share."""
