<#
对照检查助手：在 Windows 上为当前用户安装（不需要管理员权限）。Windows PowerShell 5.1 或 PowerShell 7。

做的事（每一步在 uninstall.ps1 中都有对应的撤销）：
  1. 在 %LOCALAPPDATA%\addin-server\venv 建 Python 虚拟环境，装入本服务
     （文件夹中有 wheels\ 时离线安装，不联网；否则从源代码目录安装，需要能访问 PyPI）；
  2. 生成本机 HTTPS 证书，把本机 CA 加入“当前用户”的受信任根证书（Cert:\CurrentUser\Root，Windows 会弹窗确认）；
  3. 写 Word 加载项清单 %LOCALAPPDATA%\addin-server\manifest.xml，登记到
     HKCU\Software\Microsoft\Office\16.0\WEF\Developer（值名为加载项 Id，值为清单路径：
     Microsoft 的 office-addin-dev-settings 工具旁加载时写的同一个键）；
  4. 登记 WPS 加载项（addin-server wps install，写 %APPDATA%\kingsoft\wps\jsaddons\publish.xml）；
  5. 在“启动”文件夹放一个快捷方式，登录时在后台启动服务（pythonw，无窗口），并立即启动一次。

用法（在本文件所在文件夹中）：
  powershell -NoProfile -ExecutionPolicy Bypass -File install.ps1 [-Port 3000] [-Python C:\路径\python.exe]
或双击 install.cmd。
#>
[CmdletBinding()]
param(
    [int]$Port = 3000,
    [string]$Python = "",
    [string]$InstallRoot = (Join-Path $env:LOCALAPPDATA "addin-server")
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version 2.0
# Python writes its output (paths under a Chinese user name too) as UTF-8, and PowerShell reads it so.
$env:PYTHONUTF8 = "1"
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }
# Windows PowerShell 5.1's web client may offer only TLS 1.0; the server accepts TLS 1.2 and later.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

$MinimumPython = [version]"3.10"
$WefDeveloperKey = "HKCU:\Software\Microsoft\Office\16.0\WEF\Developer"
$ShortcutName = "对照检查助手服务.lnk"
$Here = $PSScriptRoot
$Wheels = Join-Path $Here "wheels"
$Venv = Join-Path $InstallRoot "venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$VenvPythonw = Join-Path $Venv "Scripts\pythonw.exe"
$AddinServer = Join-Path $Venv "Scripts\addin-server.exe"
$Manifest = Join-Path $InstallRoot "manifest.xml"
$BaseUrl = "https://localhost:$Port"

function Write-Step([string]$Text) {
    Write-Host ""
    Write-Host "== $Text" -ForegroundColor Cyan
}

function Stop-WithMessage([string]$Text) {
    Write-Host ""
    Write-Host "安装没有完成：$Text" -ForegroundColor Red
    exit 1
}

function Invoke-Checked([string]$What, [string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        Stop-WithMessage "$What 失败（退出码 $LASTEXITCODE），见上面的输出。"
    }
}

function Find-Python {
    # The python.exe to make the environment with: -Python, else the py launcher, else python on PATH.
    if ($Python) {
        if (-not (Test-Path -LiteralPath $Python)) { Stop-WithMessage "找不到 -Python 指定的文件：$Python" }
        return $Python
    }
    $launcher = Get-Command py.exe -ErrorAction SilentlyContinue
    if ($launcher) {
        # With "Stop", 5.1 turns a native program's redirected stderr into an error: caught here.
        try { $found = & $launcher.Source -3 -c "import sys; print(sys.executable)" 2>$null } catch { $found = $null }
        if ($LASTEXITCODE -eq 0 -and $found) { return ($found | Select-Object -First 1).Trim() }
    }
    $onPath = Get-Command python.exe -ErrorAction SilentlyContinue
    # The Microsoft Store's python.exe stub under WindowsApps only opens the Store.
    if ($onPath -and $onPath.Source -notlike "*\WindowsApps\*") { return $onPath.Source }
    Stop-WithMessage ("没有找到 Python。请从 https://www.python.org/downloads/windows/ 下载 Python $MinimumPython 或更新版本，" +
        "安装时勾选“py launcher”（内网电脑：请管理员提供安装程序），然后重新运行本脚本；或用 -Python 指定 python.exe 的路径。")
}

function Stop-RunningServer {
    # A server already running from this environment (an earlier install) holds the port and, on
    # Windows, locks the files pip must replace.
    if (-not (Test-Path -LiteralPath $Venv)) { return }
    $venvFull = [System.IO.Path]::GetFullPath($Venv)
    $running = Get-CimInstance -ClassName Win32_Process -Filter "Name = 'pythonw.exe' OR Name = 'python.exe' OR Name = 'addin-server.exe'" |
        Where-Object { $_.ExecutablePath -and $_.ExecutablePath.StartsWith($venvFull, [StringComparison]::OrdinalIgnoreCase) }
    foreach ($process in @($running)) {
        if ($process) {
            Stop-Process -Id $process.ProcessId -Force -ErrorAction SilentlyContinue
            Write-Host "已结束正在运行的旧服务（进程 $($process.ProcessId)）"
        }
    }
}

function Get-TargetPython {
    # The bundle's target.txt names the Python version its wheels are for (addin-server bundle).
    $target = Join-Path $Here "target.txt"
    if (-not (Test-Path -LiteralPath $target)) { return $null }
    foreach ($line in Get-Content -LiteralPath $target -Encoding UTF8) {
        if ($line -match "^python=(\d+\.\d+)") { return $Matches[1] }
    }
    return $null
}

# ---- 1. the environment and the server ----------------------------------------------------------
Write-Step "1/5 建立 Python 虚拟环境并安装本服务"
$pythonExe = Find-Python
$versionText = (& $pythonExe -c "import sys; print('%d.%d' % sys.version_info[:2])").Trim()
if ([version]$versionText -lt $MinimumPython) {
    Stop-WithMessage "$pythonExe 是 Python $versionText，需要 $MinimumPython 或更新版本。"
}
$wanted = Get-TargetPython
if ((Test-Path -LiteralPath $Wheels) -and $wanted -and $wanted -ne $versionText) {
    Stop-WithMessage ("这个离线安装包是为 Python $wanted 准备的，本机是 Python $versionText。" +
        "请安装 Python $wanted，或在能上网的电脑上运行 addin-server bundle --python-version $versionText 重新生成。")
}
Stop-RunningServer
New-Item -ItemType Directory -Force -Path $InstallRoot | Out-Null
Invoke-Checked "建立虚拟环境" $pythonExe @("-m", "venv", $Venv)
if (Test-Path -LiteralPath $Wheels) {
    Write-Host "离线安装：只使用 $Wheels 中的文件，不联网。"
    Invoke-Checked "安装" $VenvPython @("-m", "pip", "install", "--upgrade", "--no-index", "--find-links", $Wheels, "addin-server")
} else {
    $checkout = (Resolve-Path (Join-Path $Here "..\..")).Path
    if (-not (Test-Path -LiteralPath (Join-Path $checkout "setup.cfg"))) {
        Stop-WithMessage "本文件夹中没有 wheels\（离线安装包），也不在源代码目录中。请用 addin-server bundle 生成的文件夹安装。"
    }
    Write-Host "从源代码目录 $checkout 安装（需要能访问 PyPI）。"
    Invoke-Checked "安装" $VenvPython @("-m", "pip", "install", "--upgrade", $checkout)
}

# ---- 2. certificate, trusted for this user --------------------------------------------------------
Write-Step "2/5 生成本机 HTTPS 证书，并让当前用户信任本机 CA"
Invoke-Checked "生成证书" $AddinServer @("certs", "install")
$caPath = (& $AddinServer certs path ca).Trim()
$ca = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $caPath
$trusted = Get-ChildItem -Path Cert:\CurrentUser\Root | Where-Object { $_.Thumbprint -eq $ca.Thumbprint }
if (-not $trusted) {
    Write-Host "Windows 会弹出“安全警告”询问是否安装证书“addin-server local CA”，请点“是”。"
    Write-Host "（这个 CA 只能为 localhost、127.0.0.1、::1 签发证书，不能冒充其他网站。）"
    Import-Certificate -FilePath $caPath -CertStoreLocation Cert:\CurrentUser\Root | Out-Null
}

# ---- 3. Word: manifest and the per-user developer (sideload) key ---------------------------------
Write-Step "3/5 登记 Word 加载项"
Invoke-Checked "生成加载项清单" $AddinServer @("manifest", "--url", $BaseUrl, "-o", $Manifest)
[xml]$manifestXml = Get-Content -LiteralPath $Manifest -Raw -Encoding UTF8
$addinId = $manifestXml.OfficeApp.Id
if (-not (Test-Path -Path $WefDeveloperKey)) {
    # -Force makes the missing parent keys; only when the key is absent (on an existing key it
    # would replace it, with other add-ins' values).
    New-Item -Path $WefDeveloperKey -Force | Out-Null
}
New-ItemProperty -Path $WefDeveloperKey -Name $addinId -Value $Manifest -PropertyType String -Force | Out-Null
Write-Host "已登记：$WefDeveloperKey\$addinId = $Manifest"

# ---- 4. WPS ---------------------------------------------------------------------------------------
Write-Step "4/5 登记 WPS 加载项"
Invoke-Checked "登记 WPS 加载项" $AddinServer @("wps", "install", "--url", $BaseUrl)

# ---- 5. start at login, and now ---------------------------------------------------------------------
Write-Step "5/5 设置登录时自动启动服务，并立即启动"
$startup = [Environment]::GetFolderPath("Startup")
$shortcutPath = Join-Path $startup $ShortcutName
$shell = New-Object -ComObject WScript.Shell
$shortcut = $shell.CreateShortcut($shortcutPath)
$shortcut.TargetPath = $VenvPythonw
$shortcut.Arguments = "-m addin_server serve --port $Port"
$shortcut.WorkingDirectory = $InstallRoot
$shortcut.Description = "对照检查助手本机服务（$BaseUrl）"
$shortcut.Save()
Write-Host "已创建：$shortcutPath"

Start-Process -FilePath $VenvPythonw -ArgumentList @("-m", "addin_server", "serve", "--port", "$Port") -WorkingDirectory $InstallRoot -WindowStyle Hidden
$ready = $false
for ($i = 0; $i -lt 30 -and -not $ready; $i++) {
    Start-Sleep -Seconds 1
    try {
        # .NET checks the certificate against the user's trusted roots, as Word will.
        $response = Invoke-WebRequest -Uri "$BaseUrl/healthz" -UseBasicParsing -TimeoutSec 5
        $ready = ($response.StatusCode -eq 200)
    } catch {
        $ready = $false
    }
}
if (-not $ready) {
    Stop-WithMessage ("服务没有在 30 秒内响应 $BaseUrl/healthz。请在命令行运行 `"$AddinServer`" serve --port $Port 查看原因" +
        "（例如端口被占用时它会给出可用的端口，再用 -Port 重新运行本脚本）。")
}

Write-Host ""
Write-Host "安装完成。" -ForegroundColor Green
Write-Host "  Word：重新打开 Word，在“开始”选项卡（或“插入 → 我的加载项 → 开发人员加载项”）中找到“对照检查助手”。"
Write-Host "  WPS 文字：重新打开 WPS 文字，出现“对照检查”选项卡。"
Write-Host "  浏览器：$BaseUrl/"
Write-Host "  卸载：运行本文件夹中的 uninstall.cmd（或 uninstall.ps1）。"
