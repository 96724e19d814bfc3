; NetCare for Windows: installer for the PyInstaller one-folder bundle.
;
;   makensis -DVERSION=0.1.0 -DSRCDIR=dist\netcare -DOUTFILE=dist\NetCare-0.1.0-setup.exe packaging\windows\netcare.nsi
;
; Per-user by default (no administrator rights: %LOCALAPPDATA%\Programs\NetCare, HKCU);
; /ALLUSERS on the command line (or the MultiUser page) installs for everyone.
; Start-menu shortcut, "Open with NetCare" for .vcf/.vcard (and .csv), an uninstaller
; registered in Apps & features.

Unicode true
!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef SRCDIR
  !error "pass -DSRCDIR=path\to\dist\netcare"
!endif
!ifndef OUTFILE
  !define OUTFILE "NetCare-${VERSION}-setup.exe"
!endif
!ifndef NOAMD64
  Target amd64-unicode
!endif

!define APPNAME "NetCare"
!define PROGID "NetCare.Contacts"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NetCare"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_INSTALLMODE_INSTDIR "NetCare"
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_MUI
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
SetCompressor /SOLID lzma
BrandingText "NetCare ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "FileDescription" "NetCare installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${__FILEDIR__}/../../resources/icons/netcare.ico"
!define MUI_UNICON "${__FILEDIR__}/../../resources/icons/netcare.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\netcare.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start NetCare"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "NetCare" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\NetCare.lnk" "$INSTDIR\netcare.exe" "" "$INSTDIR\netcare.exe" 0

  ; "Open with NetCare" for contact files; SHCTX is HKCU per user, HKLM for everyone.
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "Contacts file"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\netcare.exe,0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\netcare.exe" "%1"'
  WriteRegStr SHCTX "Software\Classes\.vcf\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\.vcard\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\.csv\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\Applications\netcare.exe\SupportedTypes" ".vcf" ""
  WriteRegStr SHCTX "Software\Classes\Applications\netcare.exe\SupportedTypes" ".vcard" ""
  WriteRegStr SHCTX "Software\Classes\Applications\netcare.exe\SupportedTypes" ".csv" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "NetCare developers"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\netcare.exe"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\NetCare.lnk"
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegValue SHCTX "Software\Classes\.vcf\OpenWithProgids" "${PROGID}"
  DeleteRegValue SHCTX "Software\Classes\.vcard\OpenWithProgids" "${PROGID}"
  DeleteRegValue SHCTX "Software\Classes\.csv\OpenWithProgids" "${PROGID}"
  DeleteRegKey SHCTX "Software\Classes\Applications\netcare.exe"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; The program only: your contacts live in %LOCALAPPDATA%\NetCare and are kept.
  RMDir /r "$INSTDIR"
SectionEnd
