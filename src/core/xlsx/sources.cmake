# Sources of core/xlsx (Excel workbooks), added to planhatcore.
target_sources(planhatcore PRIVATE
    # reading
    xlsx/tablereader.h xlsx/tablereader.cpp
    xlsx/zipentry.h xlsx/zipentry.cpp
    xlsx/xmlpartreader.h xlsx/xmlpartreader.cpp
    xlsx/sheetchunks.h xlsx/sheetchunks.cpp
    xlsx/sheetrunpipeline.h xlsx/sheetrunpipeline.cpp
    xlsx/sheetvalue.h xlsx/sheetvalue.cpp
    xlsx/workbookreader.h xlsx/workbookreader.cpp
    xlsx/sheetreader.h xlsx/sheetreader.cpp
    # writing
    xlsx/workbookwriter.h xlsx/workbookwriter.cpp
    xlsx/recordworkbookwriter.h xlsx/recordworkbookwriter.cpp
    xlsx/recordfilewriter.h xlsx/recordfilewriter.cpp
    xlsx/tablefilewriter.h xlsx/tablefilewriter.cpp
    xlsx/importtemplate.h xlsx/importtemplate.cpp
)
