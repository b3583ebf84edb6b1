"""Constants the ratings tests share."""

INSTANT = "0100001000620700005"  # 企业名称预先核准 (市工商局): a 即办件
PARALLEL = "0100090000620700005"  # 企业设立联合审批: not finished at the window
APPLICANT = "张掖市祁连绿源农业科技有限公司"
