"""The demo: Zhangye's organisation and accounts (`city`), the service
catalog (`catalog`), the green-channel dossiers (`projects`) and a year of
case history played through the real actions (`history`); the commands
`xiaoneng demo` and `xiaoneng demo_history`. Demo mode only: production code
imports nothing from here."""
