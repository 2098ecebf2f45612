# Sources of core/analytics (user activities and metrics on the analytics host), added to
# planhatcore.
target_sources(planhatcore PRIVATE
    analytics/analyticstarget.h analytics/analyticstarget.cpp
    analytics/analyticsrowconverter.h analytics/analyticsrowconverter.cpp
    analytics/analyticsbatcher.h analytics/analyticsbatcher.cpp
    analytics/analyticssender.h analytics/analyticssender.cpp
    analytics/analyticsfilereader.h analytics/analyticsfilereader.cpp
    analytics/metricsquery.h analytics/metricsquery.cpp
    analytics/metricsreader.h analytics/metricsreader.cpp
    analytics/dimensionidcheck.h analytics/dimensionidcheck.cpp
)
