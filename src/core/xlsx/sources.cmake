# Sources of core/xlsx (Excel workbooks), added to planhatcore.
target_sources(planhatcore PRIVATE
    # writing
    xlsx/workbookwriter.h xlsx/workbookwriter.cpp
    xlsx/recordworkbookwriter.h xlsx/recordworkbookwriter.cpp
    xlsx/recordfilewriter.h xlsx/recordfilewriter.cpp
    xlsx/tablefilewriter.h xlsx/tablefilewriter.cpp
    xlsx/importtemplate.h xlsx/importtemplate.cpp
)
