# Packaging set-up. The installer issue fills in desktop integration and the
# NSIS / DragNDrop generators; for now the DEB generator packages the binaries.
include(GNUInstallDirs)
install(TARGETS planhat-cli planhat-sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(CPACK_PACKAGE_NAME "planhat-admin")
set(CPACK_PACKAGE_VENDOR "Planhat Admin developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY ${PROJECT_DESCRIPTION})
set(CPACK_GENERATOR "DEB" CACHE STRING "CPack generators")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Planhat Admin developers <dev@example.invalid>")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
