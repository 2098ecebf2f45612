# Installation and packages. Linux: a DEB that relies on the distribution's Qt 6 and
# QtKeychain (dependencies found by dpkg-shlibdeps) and installs the desktop integration of
# installer/linux. Windows and macOS: an NSIS installer and a DragNDrop image, with Qt
# deployed next to the app by Qt's deploy script.
include(GNUInstallDirs)

# planhat-sandbox goes next to planhat-admin: "Try the demo" starts it from there.
install(TARGETS planhat-admin planhat-cli planhat-sandbox
    BUNDLE DESTINATION .
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

if(UNIX AND NOT APPLE)
    set(linux_dir ${PROJECT_SOURCE_DIR}/installer/linux)
    install(FILES ${linux_dir}/${PLANHAT_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${linux_dir}/${PLANHAT_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    # The SVG and the PNG sizes scripts/render-icons made from it.
    install(DIRECTORY ${linux_dir}/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
    # Man pages go in compressed (Debian policy).
    configure_file(${linux_dir}/planhat-cli.1.in ${PROJECT_BINARY_DIR}/installer/planhat-cli.1
        @ONLY)
    file(ARCHIVE_CREATE OUTPUT ${PROJECT_BINARY_DIR}/installer/planhat-cli.1.gz
        PATHS ${PROJECT_BINARY_DIR}/installer/planhat-cli.1 FORMAT raw COMPRESSION GZip)
    install(FILES ${PROJECT_BINARY_DIR}/installer/planhat-cli.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES ${linux_dir}/planhat-cli.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME planhat-cli)
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/planhat-admin RENAME copyright)
endif()

if(WIN32 OR APPLE)
    # Copies the Qt libraries and plugins the app needs into the package (windeployqt /
    # macdeployqt). Qt 6.4 takes TARGET, FILENAME_VARIABLE and NO_UNSUPPORTED_PLATFORM_ERROR.
    qt_generate_deploy_app_script(TARGET planhat-admin
        FILENAME_VARIABLE planhat_deploy_script
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${planhat_deploy_script})
endif()

# The application icon: in the executable on Windows, in the bundle on macOS.
if(WIN32)
    target_sources(planhat-admin PRIVATE ${PROJECT_SOURCE_DIR}/installer/windows/planhat-admin.rc)
    set(CPACK_NSIS_MUI_ICON ${PROJECT_SOURCE_DIR}/installer/windows/planhat-admin.ico)
    set(CPACK_NSIS_MUI_UNIICON ${PROJECT_SOURCE_DIR}/installer/windows/planhat-admin.ico)
elseif(APPLE)
    set(planhat_icns ${PROJECT_SOURCE_DIR}/installer/macos/planhat-admin.icns)
    target_sources(planhat-admin PRIVATE ${planhat_icns})
    set_source_files_properties(${planhat_icns} TARGET_DIRECTORY planhat-admin
        PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    set_target_properties(planhat-admin PROPERTIES
        MACOSX_BUNDLE_BUNDLE_NAME "Planhat Admin"
        MACOSX_BUNDLE_GUI_IDENTIFIER ${PLANHAT_APP_ID}
        MACOSX_BUNDLE_ICON_FILE planhat-admin.icns
        MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
        MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION})
endif()

if(WIN32)
    set(planhat_default_generator "NSIS")
elseif(APPLE)
    set(planhat_default_generator "DragNDrop")
else()
    set(planhat_default_generator "DEB")
endif()
set(CPACK_GENERATOR ${planhat_default_generator} CACHE STRING "CPack generators")

set(CPACK_PACKAGE_NAME "planhat-admin")
set(CPACK_PACKAGE_VENDOR "Planhat Admin developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY ${PROJECT_DESCRIPTION})
set(CPACK_PACKAGE_DESCRIPTION
    "A desktop application (planhat-admin) and a command-line tool (planhat-cli) to list, \
edit, export and bulk-import the objects of a Planhat tenant, with API tokens kept in the \
system keychain. planhat-sandbox is a local Planhat-compatible server for trying both \
without an account.")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Planhat Admin")
set(CPACK_PACKAGE_EXECUTABLES "planhat-admin" "Planhat Admin")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

# Debian: the distribution's Qt and QtKeychain; a Secret Service keeps the tokens, and
# Qt's Wayland plugin lets the app run natively in a Wayland session.
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Planhat Admin developers <dev@example.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, qt6-wayland")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)

# Windows: Start-menu link from CPACK_PACKAGE_EXECUTABLES.
set(CPACK_NSIS_DISPLAY_NAME "Planhat Admin")
set(CPACK_NSIS_PACKAGE_NAME "Planhat Admin ${PROJECT_VERSION}")
set(CPACK_NSIS_URL_INFO_ABOUT ${PROJECT_HOMEPAGE_URL})
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\planhat-admin.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)

# macOS: the bundle dragged onto an Applications link.
set(CPACK_DMG_VOLUME_NAME "Planhat Admin ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")

include(CPack)
