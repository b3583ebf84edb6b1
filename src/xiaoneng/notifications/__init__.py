"""The notification centre (platform): in-app messages at once, e-mail as a
digest. Domains tell people things through it; it knows no domain."""
