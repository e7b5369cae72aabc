; Inno Setup 6 script of the Counter installer (per machine). Built by packaging\windows\build.ps1 after the
; PyInstaller one-folder build (dist\counter\); AppVersion comes from counter_app.__version__.
;
; - installs into C:\Program Files\Counter for every user of the PC (administrator rights);
; - a Start-menu entry "Counter" (Counter.exe, no console) and, for technicians, "Counter (command line)";
; - the data stay in C:\ProgramData\Counter (the SQLite database of a single desk, its daily backups, the
;   archived PDFs): COUNTER_DATA_DIR is set machine-wide to it, its users may write there, and neither an
;   upgrade nor an uninstall removes it;
; - an upgrade (same AppId) replaces the program folder: _internal\ is emptied first, so no file of the old
;   version stays behind; the database schema is then upgraded by the program (see the README, "Upgrades").
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6D1C5E0B-3F0A-4E7B-9C5B-8C4F2A7D1E31}
AppName=Counter
AppVersion={#AppVersion}
AppVerName=Counter {#AppVersion}
AppPublisher=Counter project
DefaultDirName={autopf}\Counter
DefaultGroupName=Counter
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=Counter-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ChangesEnvironment=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\Counter.exe
WizardStyle=modern
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
Name: "{commonappdata}\Counter"; Permissions: users-modify; Flags: uninsneveruninstall

[Files]
Source: "..\..\dist\counter\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "COUNTER_DATA_DIR"; ValueData: "{commonappdata}\Counter"; \
  Flags: preservestringtype uninsdeletevalue

[Icons]
Name: "{group}\Counter"; Filename: "{app}\Counter.exe"; WorkingDir: "{commonappdata}\Counter"
Name: "{group}\Counter (command line)"; Filename: "{cmd}"; \
  Parameters: "/k ""cd /d ""{app}"" && counter-app.exe --help"""; WorkingDir: "{commonappdata}\Counter"

[Run]
Filename: "{app}\Counter.exe"; Description: "{cm:LaunchProgram,Counter}"; Flags: nowait postinstall skipifsilent unchecked
