# Installing and packaging: `cmake --install build` or `cmake --build build --target package`,
# which writes build/vigie_VERSION_ARCH.deb (CPack's DEB generator; dependencies found by
# dpkg-shlibdeps). tools/check_package.sh installs the .deb in a scratch folder and runs it.
include(GNUInstallDirs)

# vigie itself and its man pages are installed by engine/CMakeLists.txt.
# The shipped catalogs and example contracts, and the real data the example runs on.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rulesets ${PROJECT_SOURCE_DIR}/contracts ${PROJECT_SOURCE_DIR}/data
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vigie)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md" PATTERN "*.json")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vigie)
set(CPACK_PACKAGE_VENDOR "vigie")
set(CPACK_PACKAGE_CONTACT "vigie maintainers <vigie@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "rules and compliance engine for French health contracts")
set(CPACK_PACKAGE_DESCRIPTION
    "vigie checks contracts between regional health agencies and health establishments (CPOM, CTSM, CPTS, GHT performance contracts), imports indicator data into a SQLite store, evaluates every commitment and writes reports that auditors can verify.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
find_program(VIGIE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(VIGIE_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # the libraries vigie links (SQLite, OpenSSL, libsodium...)
endif()
set(CPACK_STRIP_FILES ON)
include(CPack)
