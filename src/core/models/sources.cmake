# Sources of core/models (item models are QtCore), added to planhatcore.
target_sources(planhatcore PRIVATE
    models/objectcolumn.h models/objectcolumn.cpp
    models/valueformatter.h models/valueformatter.cpp
    models/collationkey.h models/collationkey.cpp
    models/sortkey.h models/sortkey.cpp
    models/columnselection.h models/columnselection.cpp
    models/referenceresolver.h models/referenceresolver.cpp
    models/chunkedvector.h
    models/internpool.h
    models/recordstore.h models/recordstore.cpp
    models/rowruns.h models/rowruns.cpp
    models/recordloader.h models/recordloader.cpp
    models/stagededits.h models/stagededits.cpp
    models/sortranks.h models/sortranks.cpp
    models/parallelsort.h
    models/textkeys.h models/textkeys.cpp
    models/textmatcher.h models/textmatcher.cpp
    models/objecttablemodel.h models/objecttablemodel.cpp
    models/sortfiltertask.h models/sortfiltertask.cpp
    models/objectfilterproxymodel.h models/objectfilterproxymodel.cpp
    models/pendingchangesmodel.h models/pendingchangesmodel.cpp
    models/csvpreviewmodel.h models/csvpreviewmodel.cpp
    models/importproblemmodel.h models/importproblemmodel.cpp
    models/importmappingmodel.h models/importmappingmodel.cpp
    models/importpreviewmodel.h models/importpreviewmodel.cpp
    models/importresultsmodel.h models/importresultsmodel.cpp
    models/metricrowsmodel.h models/metricrowsmodel.cpp
)
