# Sources of core/auth, added to planhatcore.
target_sources(planhatcore PRIVATE
    auth/profilestore.h auth/profilestore.cpp
    auth/credentialstore.h auth/credentialstore.cpp
    auth/memorycredentialstore.h auth/memorycredentialstore.cpp
    auth/keychainerrors.h auth/keychainerrors.cpp
    auth/keychaincredentialstore.h auth/keychaincredentialstore.cpp
    auth/connectioncheck.h auth/connectioncheck.cpp
    auth/profiletokens.h auth/profiletokens.cpp
)
