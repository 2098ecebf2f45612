# Sources of core/csv, added to planhatcore.
target_sources(planhatcore PRIVATE
    csv/csvwriter.h csv/csvwriter.cpp
)
