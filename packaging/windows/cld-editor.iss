; Inno Setup script for a per-user Windows installer of the one-folder app.
; Build dist\cld-editor with `make dist` on Windows (packaging\build-dist.sh
; under Git Bash, or the PyInstaller command it runs), then compile this file
; with Inno Setup 6:  iscc packaging\windows\cld-editor.iss
; PrivilegesRequired=lowest installs without administrator rights and writes
; the .cld file association under HKCU\Software\Classes (the same keys as
; cld-editor.reg), so a double-click on a diagram opens it in the editor.

#define AppName "CLD Editor"
#define AppVersion "0.1.0"
#define AppExe "cld-editor.exe"
#define ProgId "CLDEditor.Diagram"

[Setup]
AppId={{6F1C2B7E-4C2D-4E59-9A57-3C1D0C5E7A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The cld-editor developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputBaseFilename=cld-editor-{#AppVersion}-setup
SetupIconFile=..\..\resources\app\cld-editor.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\cld-editor\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
; HKA is HKCU for a per-user install and HKLM for an all-users one.
Root: HKA; Subkey: "Software\Classes\.cld"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cld"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-cld-diagram"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cld\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Causal loop diagram"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cld"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
