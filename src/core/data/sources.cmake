# Sources of core/data: change sets of staged edits and pasted cell blocks.
target_sources(planhatcore PRIVATE
    data/fieldchange.h
    data/fieldpath.h data/fieldpath.cpp
    data/keytext.h data/keytext.cpp
    data/jsoncell.h
    data/jsonbytes.h data/jsonbytes.cpp
    data/changeset.h data/changeset.cpp
    data/pastedblock.h data/pastedblock.cpp
)
