; Inno Setup 6 script: LlamaDesk's per-user Windows installer.
;
; Built by packaging\build-windows.ps1, which passes the defines below:
;   iscc /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DSourceDir=...\dist\llamadesk
;        /DOutputDir=...\dist /DIconFile=...\build\icons\llamadesk.ico /DAccel=cpu
;        packaging\windows\llamadesk.iss
; The version falls back to the LLAMADESK_VERSION environment variable.
;
; Installs into %LOCALAPPDATA%\Programs\LlamaDesk without administrator rights, adds a
; Start-menu entry (and, if ticked, a desktop shortcut) and an uninstaller. The user's
; conversations, settings and models live in %LOCALAPPDATA%\LlamaDesk and survive an
; uninstall or reinstall.

#ifndef AppVersion
  #define AppVersion GetEnv("LLAMADESK_VERSION")
#endif
#if AppVersion == ""
  #error Pass /DAppVersion=x.y.z or set LLAMADESK_VERSION (build-windows.ps1 reads pyproject.toml)
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\llamadesk"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\icons\llamadesk.ico"
#endif
#ifndef Accel
  #define Accel "cpu"
#endif
#if Accel == "cpu"
  #define Suffix ""
#else
  #define Suffix "-" + Accel
#endif

; llama.cpp is built with OpenMP: without the MSVC OpenMP runtime next to its DLLs it does
; not load on a PC that lacks the Visual C++ redistributable. build-windows.ps1 copies it from
; the build machine's MSVC redistributable folder into the bundle; refuse to build without it.
#if !FileExists(AddBackslash(SourceDir) + "_internal\llama_cpp\lib\vcomp140.dll")
  #error vcomp140.dll is missing from the bundle (_internal\llama_cpp\lib): run build-windows.ps1
#endif
#if !FileExists(AddBackslash(SourceDir) + "LlamaDesk.exe")
  #error LlamaDesk.exe is missing: build the PyInstaller bundle first (build-windows.ps1)
#endif

[Setup]
AppId={{A51EC1AC-E026-4093-9FB5-D1CD84F57494}
AppName=LlamaDesk
AppVersion={#AppVersion}
AppVerName=LlamaDesk {#AppVersion}
AppPublisher=LlamaDesk developers
AppComments=Chat with LLaMA-family models on your own computer
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription=LlamaDesk {#AppVersion} Setup
; Per user: no administrator rights, %LOCALAPPDATA%\Programs\LlamaDesk.
PrivilegesRequired=lowest
DefaultDirName={autopf}\LlamaDesk
DefaultGroupName=LlamaDesk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=LlamaDesk-{#AppVersion}-windows-x64{#Suffix}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\LlamaDesk.exe
UninstallDisplayName=LlamaDesk
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running LlamaDesk before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: files a newer version no longer ships must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The PyInstaller bundle (LlamaDesk.exe, llamadesk-cli.exe and _internal\, which holds
; vcomp140.dll next to llama.cpp's DLLs).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\LlamaDesk"; Filename: "{app}\LlamaDesk.exe"; Comment: "Chat with local AI models"
Name: "{autodesktop}\LlamaDesk"; Filename: "{app}\LlamaDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\LlamaDesk.exe"; Description: "{cm:LaunchProgram,LlamaDesk}"; Flags: nowait postinstall skipifsilent
