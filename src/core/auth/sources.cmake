# Sources of core/auth, added to planhatcore.
target_sources(planhatcore PRIVATE
    auth/profilestore.h auth/profilestore.cpp
)
