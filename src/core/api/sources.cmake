# Sources of core/api, added to planhatcore.
target_sources(planhatcore PRIVATE
    api/apierror.h api/apierror.cpp
    api/apiendpoint.h api/apiendpoint.cpp
    api/clientoptions.h
    api/listquery.h
    api/requestlogentry.h
    api/listjob.h api/listjob.cpp
    api/objectjob.h api/objectjob.cpp api/objectjob_p.h
    api/bulkupsertjob.h api/bulkupsertjob.cpp
    api/bulkrows.h api/bulkrows.cpp
    api/customfieldsjob.h api/customfieldsjob.cpp
    api/planhatclient.h api/planhatclient.cpp
    # internal: the client's machinery and the pure rules unit tests call directly
    api/apicall.h api/apicall.cpp
    api/clientcore.h api/clientcore.cpp
    api/oneshotbody.h api/oneshotbody.cpp
    api/errormapping.h api/errormapping.cpp
    api/retrypolicy.h api/retrypolicy.cpp
    api/requestthrottle.h api/requestthrottle.cpp
    api/listpaging.h api/listpaging.cpp
    api/rawrows.h
    api/bulkresponsemapper.h api/bulkresponsemapper.cpp
)
