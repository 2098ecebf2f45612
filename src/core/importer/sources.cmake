# Sources of core/importer, added to planhatcore.
target_sources(planhatcore PRIVATE
    importer/columnoptions.h importer/columnoptions.cpp
    importer/importmapping.h importer/importmapping.cpp
    importer/importmode.h importer/importmode.cpp
    importer/importproblem.h importer/importproblem.cpp
    importer/importvalidator.h importer/importvalidator.cpp
    importer/rowconverter.h importer/rowconverter.cpp
    importer/valueconverter.h importer/valueconverter.cpp
    importer/importfilecheck.h importer/importfilecheck.cpp
)
