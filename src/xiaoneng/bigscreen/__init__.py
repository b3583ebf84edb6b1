"""The electronic supervision big screen (电子监察大屏): a full-screen live page
for the supervision centre's wall, fed by one cheap snapshot selector."""
