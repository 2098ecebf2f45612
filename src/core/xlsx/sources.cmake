# Sources of core/xlsx (Excel workbooks), added to planhatcore.
target_sources(planhatcore PRIVATE
    # reading
    xlsx/tablereader.h xlsx/tablereader.cpp
    xlsx/sheetvalue.h xlsx/sheetvalue.cpp
    xlsx/workbookreader.h xlsx/workbookreader.cpp
    xlsx/sheetreader.h xlsx/sheetreader.cpp
)
