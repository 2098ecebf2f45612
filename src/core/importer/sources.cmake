# Sources of core/importer, added to planhatcore.
target_sources(planhatcore PRIVATE
    importer/columnoptions.h importer/columnoptions.cpp
    importer/importmapping.h importer/importmapping.cpp
    importer/importmode.h importer/importmode.cpp
    importer/importpolicy.h importer/importpolicy.cpp
    importer/referencelookup.h importer/referencelookup.cpp
    importer/importproblem.h importer/importproblem.cpp
    importer/importvalidator.h importer/importvalidator.cpp
    importer/rowconverter.h importer/rowconverter.cpp
    importer/valueconverter.h importer/valueconverter.cpp
    importer/importsettings.h importer/importsettings.cpp
    importer/importplan.h importer/importplan.cpp
    importer/existingrowreader.h importer/existingrowreader.cpp
    importer/flatimagetext.h importer/flatimagetext.cpp
    importer/importplanner.h importer/importplanner.cpp
    importer/importresults.h importer/importresults.cpp
    importer/importresultswritejob.h importer/importresultswritejob.cpp
    importer/importresultsstream.h importer/importresultsstream.cpp
    importer/importrunner.h importer/importrunner.cpp
    importer/filefingerprint.h importer/filefingerprint.cpp
    importer/importjournal.h importer/importjournal.cpp
    importer/importjournalreadjob.h importer/importjournalreadjob.cpp
    importer/importundo.h importer/importundo.cpp
    importer/customfieldproposal.h importer/customfieldproposal.cpp
    importer/customfieldcreator.h importer/customfieldcreator.cpp
)
