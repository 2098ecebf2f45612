# Sources of core/csv, added to planhatcore.
target_sources(planhatcore PRIVATE
    csv/csvwriter.h csv/csvwriter.cpp
    csv/recordcsvwriter.h csv/recordcsvwriter.cpp
    csv/jsonrowcells.h csv/jsonrowcells.cpp
    csv/recordexportjob.h csv/recordexportjob.cpp
    csv/csvformat.h csv/csvformat.cpp
    csv/csvissue.h csv/csvissue.cpp
    csv/csvdecoder.h csv/csvdecoder.cpp
    csv/csvsniffer.h csv/csvsniffer.cpp
    csv/csvrow.h csv/csvrow.cpp
    csv/csvreader.h csv/csvreader.cpp
    csv/csvpreview.h csv/csvpreview.cpp
)
