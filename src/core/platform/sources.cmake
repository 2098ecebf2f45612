# Sources of core/platform, added to planhatcore: where the product's files live, and the
# few calls that differ between Linux, macOS and Windows, each behind one function.
target_sources(planhatcore PRIVATE
    platform/allocator.h platform/allocator.cpp
    platform/apppaths.h platform/apppaths.cpp
    platform/console.h platform/console.cpp
    platform/filesync.h platform/filesync.cpp
    platform/signalwatcher.h platform/signalwatcher.cpp
    platform/tcpnodelay.h platform/tcpnodelay.cpp
)
