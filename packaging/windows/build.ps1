# Build Counter for Windows: the one-folder PyInstaller program (dist\counter\), then the installer
# (dist\Counter-<version>-setup.exe, Inno Setup 6), both signed when a certificate is given.
# Run in PowerShell on a Windows 10/11 x64 machine with Python 3.11 (python.org, "py" launcher), git and
# Inno Setup 6 (https://jrsoftware.org/isinfo.php), from the repository root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -CertificateThumbprint 0123…ABCD
# PyInstaller cannot cross-build: this must run on Windows (it is not run by CI; see the README).
param(
    [string]$CertificateThumbprint = "",  # a code-signing certificate in the user's or machine's store
    [string]$TimestampUrl = "http://timestamp.digicert.com",
    [string]$InnoSetup = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root
$Venv = "$Root\.venv-build"

if (-not (Test-Path "$Venv\Scripts\python.exe")) { py -3.11 -m venv $Venv }
& "$Venv\Scripts\python.exe" -m pip install -q --upgrade pip
& "$Venv\Scripts\python.exe" -m pip install -q -e ".[pg,build]"
$Version = & "$Venv\Scripts\python.exe" -c "import counter_app; print(counter_app.__version__)"

& "$Venv\Scripts\python.exe" -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath "$Root\dist" --workpath "$Root\build\pyinstaller" packaging\pyinstaller\counter.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The built program, before it is packed: the same smoke test as CI runs on Linux.
$env:COUNTER_DATA_DIR = Join-Path $env:TEMP "counter-smoke-$PID"
& "$Root\dist\counter\counter-app.exe" catalog validate
& "$Root\dist\counter\counter-app.exe" db upgrade
& "$Root\dist\counter\counter-app.exe" print specimen acceptance --service guardian-benefit --lang kk `
    --out "$env:COUNTER_DATA_DIR\acceptance-kk.pdf"
& "$Root\dist\counter\counter-app.exe" --self-test
if ($LASTEXITCODE -ne 0) { throw "the built program failed its smoke test" }
Remove-Item Env:\COUNTER_DATA_DIR

function Sign([string[]]$Files) {
    if (-not $CertificateThumbprint) { return }
    & signtool.exe sign /sha1 $CertificateThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 $Files
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}
Sign @("$Root\dist\counter\counter-app.exe", "$Root\dist\counter\Counter.exe")

$IsccArgs = @("/DAppVersion=$Version", "/O$Root\dist", "$Root\packaging\windows\counter.iss")
if ($CertificateThumbprint) {
    # Inno Setup signs the installer and its uninstaller with this command ("signtool" below).
    $IsccArgs = @("/Ssigntool=signtool.exe sign /sha1 $CertificateThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 `$f",
                  "/DSign=1") + $IsccArgs
}
& $InnoSetup @IsccArgs
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "Built dist\Counter-$Version-setup.exe"
