@echo off
rem Runs uninstall.ps1 beside this file for the current user (no administrator rights).
rem -ExecutionPolicy Bypass applies to this one run only; nothing is changed machine-wide.
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0uninstall.ps1" %*
pause
