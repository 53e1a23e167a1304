<#
.SYNOPSIS
Build LlamaDesk for Windows, from a checkout, into dist\.

.DESCRIPTION
  dist\llamadesk\                                     the one-folder bundle (PyInstaller):
                                                      LlamaDesk.exe (window) and
                                                      llamadesk-cli.exe (console: --self-test, chat, ...)
  dist\llamadesk-<version>-windows-x64[-cuda].zip     portable
  dist\LlamaDesk-<version>-windows-x64[-cuda]-setup.exe   per-user installer (Inno Setup 6.3+)

  pwsh packaging\build-windows.ps1 [-Accel cpu|cuda] [-TestInstaller]

Needs Python 3.10+ (python.org or actions/setup-python), Visual Studio 2022 Build Tools with
"Desktop development with C++" (MSVC, CMake comes from pip) and Inno Setup 6.3+ (iscc.exe;
choco install innosetup). -Accel cuda also needs the CUDA toolkit (CUDA_PATH).

Everything is installed into a virtual environment under build\. llama-cpp-python is
compiled for distribution (-DGGML_NATIVE=OFF); the wheel is kept in build\wheels\windows-<accel>\
and reused while the CMake arguments stay the same. The OpenMP runtime llama.cpp needs
(vcomp140.dll) is copied from this machine's MSVC redistributable into the bundle.

-TestInstaller installs the built Setup.exe silently for the current user, runs the
installed llamadesk-cli.exe --self-test, uninstalls it and checks that the folder is gone.

Environment: LLAMADESK_ACCEL, LLAMADESK_CMAKE_ARGS, LLAMADESK_CUDA_ARCHITECTURES,
LLAMA_CPP_VERSION (default 0.3.36), PYTHON (default: py -3.11, else python),
LLAMADESK_SKIP_SELFTEST=1 (a CUDA build on a machine without an NVIDIA driver cannot start).
#>
param(
    [ValidateSet("cpu", "cuda")]
    [string]$Accel = $(if ($env:LLAMADESK_ACCEL) { $env:LLAMADESK_ACCEL } else { "cpu" }),
    [switch]$TestInstaller
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$started = Get-Date

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
Set-Location $Root
$Build = Join-Path $Root "build"
$Dist = Join-Path $Root "dist"
$Venv = Join-Path $Build "venv-windows-$Accel"
$Wheels = Join-Path $Build "wheels\windows-$Accel"
$Icons = Join-Path $Build "icons"
$LlamaVersion = if ($env:LLAMA_CPP_VERSION) { $env:LLAMA_CPP_VERSION } else { "0.3.36" }

function Say($text) { Write-Host "`n==> $text" -ForegroundColor Cyan }
function Run {
    # Run a native command and stop on a non-zero exit status.
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "$exe $rest failed with exit status $LASTEXITCODE" }
}

$cmakeArgs = "-DGGML_NATIVE=OFF"
$suffix = ""
if ($Accel -eq "cuda") {
    if (-not $env:CUDA_PATH) { throw "-Accel cuda needs the CUDA toolkit (CUDA_PATH is not set)" }
    $archs = if ($env:LLAMADESK_CUDA_ARCHITECTURES) { $env:LLAMADESK_CUDA_ARCHITECTURES } else { "75;80;86;89;90" }
    $cmakeArgs += " -DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=$archs"
    $suffix = "-cuda"
    # PyInstaller finds cudart/cublas DLLs on PATH and bundles them (the driver's nvcuda.dll stays out).
    $env:PATH = "$env:CUDA_PATH\bin;$env:PATH"
}
if ($env:LLAMADESK_CMAKE_ARGS) { $cmakeArgs += " $env:LLAMADESK_CMAKE_ARGS" }

# The one version, from pyproject.toml.
$project = (Get-Content (Join-Path $Root "pyproject.toml") -Raw) -split "\[project\]", 2 | Select-Object -Last 1
$Version = [regex]::Match($project, '(?m)^version\s*=\s*"([^"]+)"').Groups[1].Value
if (-not $Version) { throw "no version in pyproject.toml" }
$numbers = @([regex]::Matches($Version, "\d+") | Select-Object -First 3 | ForEach-Object { $_.Value })
while ($numbers.Count -lt 4) { $numbers += "0" }
$VersionNumeric = $numbers -join "."
Write-Host "LlamaDesk $Version for Windows x64, llama.cpp: $Accel ($cmakeArgs)"

# ---------------------------------------------------------------------------------------------
Say "Build environment: $Venv"
$python = if ($env:PYTHON) { @($env:PYTHON) } elseif (Get-Command py -ErrorAction SilentlyContinue) { @("py", "-3.11") } else { @("python") }
if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    Run @python -m venv $Venv
}
$py = "$Venv\Scripts\python.exe"
$env:PATH = "$Venv\Scripts;$env:PATH"
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
Run $py -m pip install --quiet --upgrade pip wheel

Say "llama-cpp-python $LlamaVersion for distribution"
$stamp = "$LlamaVersion $cmakeArgs"
$stampFile = Join-Path $Wheels "BUILT_WITH"
if ((Test-Path $stampFile) -and ((Get-Content $stampFile -Raw).Trim() -ne $stamp)) {
    Remove-Item -Recurse -Force $Wheels
}
$wheel = Get-ChildItem -Path $Wheels -Filter "llama_cpp_python-$LlamaVersion-*.whl" -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $wheel) {
    Write-Host "Compiling llama.cpp: this takes a while, once."
    New-Item -ItemType Directory -Force $Wheels | Out-Null
    $env:CMAKE_ARGS = $cmakeArgs
    $env:CMAKE_BUILD_PARALLEL_LEVEL = "$env:NUMBER_OF_PROCESSORS"
    Run $py -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python "llama-cpp-python==$LlamaVersion" -w $Wheels
    Remove-Item Env:CMAKE_ARGS
    Set-Content -Path $stampFile -Value $stamp
    $wheel = Get-ChildItem -Path $Wheels -Filter "llama_cpp_python-$LlamaVersion-*.whl" | Select-Object -First 1
} else {
    Write-Host "Reusing $($wheel.FullName)"
}
Run $py -m pip install --quiet --no-deps --force-reinstall $wheel.FullName

Say "LlamaDesk and PyInstaller"
Run $py -m pip install --quiet ".[build]"
Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Build "lib"), (Join-Path $Build "bdist.win-amd64")

Say "Translations and icons"
Run $py packaging\translations.py release
$env:QT_QPA_PLATFORM = "offscreen"
Run $py packaging\render_icons.py $Icons
Remove-Item Env:QT_QPA_PLATFORM

Say "PyInstaller: dist\llamadesk\"
$env:LLAMADESK_ICON_DIR = $Icons
Run "$Venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN --distpath $Dist --workpath "$Build\pyinstaller" packaging\llamadesk.spec
$Bundle = Join-Path $Dist "llamadesk"

# The OpenMP runtime, from the MSVC redistributable of the newest Visual Studio here.
Say "vcomp140.dll (OpenMP runtime)"
$vswhere = "${env:ProgramFiles(x86)}\Microsoft Visual Studio\Installer\vswhere.exe"
$vs = & $vswhere -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath
$vcomp = Get-ChildItem -Path "$vs\VC\Redist\MSVC" -Recurse -Filter vcomp140.dll -ErrorAction SilentlyContinue |
    Where-Object { $_.FullName -match "\\x64\\Microsoft\.VC\d+\.OpenMP\\" } |
    Sort-Object FullName -Descending | Select-Object -First 1
if (-not $vcomp) { throw "vcomp140.dll not found under $vs\VC\Redist\MSVC: install the MSVC build tools" }
Write-Host "from $($vcomp.FullName)"
Copy-Item $vcomp.FullName (Join-Path $Bundle "_internal\llama_cpp\lib\vcomp140.dll") -Force

Run "$Bundle\llamadesk-cli.exe" --version
if ($env:LLAMADESK_SKIP_SELFTEST -ne "1") {
    Say "Self-test of the bundle"
    $env:QT_QPA_PLATFORM = "offscreen"
    Run "$Bundle\llamadesk-cli.exe" --self-test
    Remove-Item Env:QT_QPA_PLATFORM
}

# ---------------------------------------------------------------------------------------------
$zip = Join-Path $Dist "llamadesk-$Version-windows-x64$suffix.zip"
Say "Portable archive: $(Split-Path -Leaf $zip)"
Remove-Item -Force -ErrorAction SilentlyContinue $zip
Compress-Archive -Path $Bundle -DestinationPath $zip -CompressionLevel Optimal

Say "Installer (Inno Setup)"
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe", "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") |
        Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) not found: choco install innosetup" }
Run $iscc /Q "/DAppVersion=$Version" "/DAppVersionNumeric=$VersionNumeric" "/DSourceDir=$Bundle" "/DOutputDir=$Dist" "/DIconFile=$Icons\llamadesk.ico" "/DAccel=$Accel" packaging\windows\llamadesk.iss
$setup = Join-Path $Dist "LlamaDesk-$Version-windows-x64$suffix-setup.exe"
if (-not (Test-Path $setup)) { throw "Inno Setup did not write $setup" }

# ---------------------------------------------------------------------------------------------
if ($TestInstaller) {
    Say "Installer test: install for this user, self-test, uninstall"
    $target = Join-Path $env:LOCALAPPDATA "Programs\LlamaDesk"
    $log = Join-Path $Build "setup-test.log"
    $p = Start-Process -FilePath $setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/LOG=$log" -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "Setup exited with $($p.ExitCode); see $log" }
    foreach ($file in "LlamaDesk.exe", "llamadesk-cli.exe", "_internal\llama_cpp\lib\vcomp140.dll") {
        if (-not (Test-Path (Join-Path $target $file))) { throw "not installed: $target\$file" }
    }
    $shortcut = Join-Path ([Environment]::GetFolderPath("Programs")) "LlamaDesk.lnk"
    if (-not (Test-Path $shortcut)) { throw "no Start-menu shortcut at $shortcut" }
    $before = Get-ChildItem -Recurse $target | Measure-Object | Select-Object -ExpandProperty Count
    $env:QT_QPA_PLATFORM = "offscreen"
    Run (Join-Path $target "llamadesk-cli.exe") --self-test
    Remove-Item Env:QT_QPA_PLATFORM
    $after = Get-ChildItem -Recurse $target | Measure-Object | Select-Object -ExpandProperty Count
    if ($before -ne $after) { throw "the app wrote into its install folder ($before -> $after files)" }
    $p = Start-Process -FilePath (Join-Path $target "unins000.exe") -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART" -Wait -PassThru
    if ($p.ExitCode -ne 0) { throw "the uninstaller exited with $($p.ExitCode)" }
    # The uninstaller finishes from a copy of itself in %TEMP%: give it a moment.
    for ($i = 0; $i -lt 60 -and (Test-Path (Join-Path $target "_internal")); $i++) { Start-Sleep -Milliseconds 500 }
    if (Test-Path (Join-Path $target "_internal")) { throw "files left after uninstalling: $target" }
    if (Test-Path $shortcut) { throw "the Start-menu shortcut was left behind" }
    Write-Host "installed, passed --self-test and uninstalled cleanly"
}

$elapsed = (Get-Date) - $started
Say ("Done in {0:N0} min {1} s" -f [math]::Floor($elapsed.TotalMinutes), $elapsed.Seconds)
$size = (Get-ChildItem -Recurse $Bundle | Measure-Object -Property Length -Sum).Sum / 1MB
"  {0,-50} {1:N0} MB" -f "dist\llamadesk\ (bundle)", $size
foreach ($file in $zip, $setup) { "  {0,-50} {1:N0} MB" -f (Split-Path -Leaf $file), ((Get-Item $file).Length / 1MB) }
