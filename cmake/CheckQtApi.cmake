# Fails when a source uses Qt API that newer Qt 6 releases deprecate but Qt 6.4 (which this
# build uses) does not warn about yet: with -Werror, a newer Qt would stop the build on it.
# Run on every build by the planhat_qt_api_check target (see the top-level CMakeLists.txt):
#   cmake -DSOURCE_DIR=<repo> -P CheckQtApi.cmake
# Each rule: a regular expression, then what to write instead.
set(rules
    "qAsConst[ \t]*\\(" "std::as_const (qAsConst is deprecated since Qt 6.6)"
    "qSwap[ \t]*\\(" "std::swap (qSwap is deprecated since Qt 6.6)"
    "QCheckBox::stateChanged" "QCheckBox::checkStateChanged (stateChanged is deprecated since Qt 6.9)"
)
file(GLOB_RECURSE sources
    "${SOURCE_DIR}/src/*.cpp" "${SOURCE_DIR}/src/*.h"
    "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h")
set(found "")
list(LENGTH rules ruleCount)
math(EXPR lastRule "${ruleCount} - 1")
foreach(source IN LISTS sources)
    foreach(index RANGE 0 ${lastRule} 2)
        list(GET rules ${index} pattern)
        file(STRINGS "${source}" hits REGEX "${pattern}")
        if(hits)
            math(EXPR adviceIndex "${index} + 1")
            list(GET rules ${adviceIndex} advice)
            file(RELATIVE_PATH shown "${SOURCE_DIR}" "${source}")
            foreach(hit IN LISTS hits)
                string(STRIP "${hit}" hit)
                string(APPEND found "${shown}: ${hit}\n    use ${advice}\n")
            endforeach()
        endif()
    endforeach()
endforeach()
if(found)
    message(FATAL_ERROR "Qt API that newer Qt 6 releases deprecate:\n${found}")
endif()
