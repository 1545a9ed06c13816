<#
对照检查助手：撤销 install.ps1 做的全部事情（当前用户，不需要管理员权限）。
Windows PowerShell 5.1 或 PowerShell 7。

  1. 结束本服务的进程（只结束从 %LOCALAPPDATA%\addin-server\venv 启动的）；
  2. 删除“启动”文件夹中的快捷方式；
  3. 从 HKCU\Software\Microsoft\Office\16.0\WEF\Developer 删除本加载项的值（其他加载项不动）；
  4. 从 WPS 的 jsaddons 中移除本加载项（addin-server wps uninstall，其他加载项不动）；
  5. 从 Cert:\CurrentUser\Root 删除本机 CA，删除证书文件夹；
  6. 删除 %LOCALAPPDATA%\addin-server（虚拟环境和清单）。
个人框架文件夹和配置文件（%APPDATA%\addin-server 中 certs 以外的内容）是您自己的数据，保留不删。

用法：powershell -NoProfile -ExecutionPolicy Bypass -File uninstall.ps1，或双击 uninstall.cmd。
#>
[CmdletBinding()]
param(
    [string]$InstallRoot = (Join-Path $env:LOCALAPPDATA "addin-server")
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version 2.0
$env:PYTHONUTF8 = "1"
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }

$WefDeveloperKey = "HKCU:\Software\Microsoft\Office\16.0\WEF\Developer"
$ShortcutName = "对照检查助手服务.lnk"
$CaSubject = "CN=addin-server local CA"
$Venv = Join-Path $InstallRoot "venv"
$AddinServer = Join-Path $Venv "Scripts\addin-server.exe"
$Manifest = Join-Path $InstallRoot "manifest.xml"

function Write-Step([string]$Text) {
    Write-Host ""
    Write-Host "== $Text" -ForegroundColor Cyan
}

Write-Step "1/6 结束本服务的进程"
$venvFull = [System.IO.Path]::GetFullPath($Venv)
$ours = Get-CimInstance -ClassName Win32_Process -Filter "Name = 'pythonw.exe' OR Name = 'python.exe' OR Name = 'addin-server.exe'" |
    Where-Object { $_.ExecutablePath -and $_.ExecutablePath.StartsWith($venvFull, [StringComparison]::OrdinalIgnoreCase) }
foreach ($process in @($ours)) {
    if ($process) {
        Stop-Process -Id $process.ProcessId -Force -ErrorAction SilentlyContinue
        Write-Host "已结束进程 $($process.ProcessId)"
    }
}

Write-Step "2/6 删除登录时自动启动"
$shortcutPath = Join-Path ([Environment]::GetFolderPath("Startup")) $ShortcutName
if (Test-Path -LiteralPath $shortcutPath) {
    Remove-Item -LiteralPath $shortcutPath -Force
    Write-Host "已删除：$shortcutPath"
}

Write-Step "3/6 取消 Word 加载项登记"
if (Test-Path -Path $WefDeveloperKey) {
    $values = Get-ItemProperty -Path $WefDeveloperKey
    foreach ($property in $values.PSObject.Properties) {
        # Our value: the one whose data is our manifest's path (its name is the add-in Id).
        if ($property.Name -notlike "PS*" -and "$($property.Value)" -eq $Manifest) {
            Remove-ItemProperty -Path $WefDeveloperKey -Name $property.Name
            Write-Host "已删除：$WefDeveloperKey\$($property.Name)"
        }
    }
}

Write-Step "4/6 移除 WPS 加载项"
if (Test-Path -LiteralPath $AddinServer) {
    & $AddinServer wps uninstall
}

Write-Step "5/6 删除本机 CA 和证书"
$certDir = $null
if (Test-Path -LiteralPath $AddinServer) {
    $certDir = (& $AddinServer certs path dir).Trim()
}
$cas = Get-ChildItem -Path Cert:\CurrentUser\Root | Where-Object { $_.Subject -like "$CaSubject*" }
foreach ($cert in @($cas)) {
    if ($cert) {
        Write-Host "Windows 可能弹窗确认删除根证书“addin-server local CA”，请点“是”。"
        Remove-Item -Path "Cert:\CurrentUser\Root\$($cert.Thumbprint)"
        Write-Host "已删除受信任根证书 $($cert.Thumbprint)"
    }
}
if ($certDir -and (Test-Path -LiteralPath $certDir)) {
    Remove-Item -LiteralPath $certDir -Recurse -Force
    Write-Host "已删除：$certDir"
}

Write-Step "6/6 删除程序文件"
if (Test-Path -LiteralPath $InstallRoot) {
    Remove-Item -LiteralPath $InstallRoot -Recurse -Force
    Write-Host "已删除：$InstallRoot"
}

Write-Host ""
Write-Host "卸载完成。请重新打开 Word 和 WPS 文字。" -ForegroundColor Green
