// SPDX-License-Identifier: MIT
#include "importwizardstate.h"

#include "schema/schema.h"

namespace Planhat {

ObjectType ImportWizardState::type() const
{
    const ObjectType *builtin = Schema::builtin().type(typeName);
    return builtin ? customFields.apply(*builtin) : ObjectType();
}

ImportSettings ImportWizardState::settings() const
{
    ImportSettings settings;
    settings.filePath = filePath;
    settings.csvOptions = csvOptions;
    settings.type = type();
    settings.mapping = mapping;
    settings.key = key;
    settings.mode = mode;
    settings.skipInvalidRows = skipInvalidRows;
    settings.chunkSize = chunkSize;
    return settings;
}

} // namespace Planhat
