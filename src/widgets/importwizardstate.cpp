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
    settings.sheet = sheet;
    settings.headerRow = headerRow;
    settings.type = type();
    settings.mapping = mapping;
    settings.matchField = matchField;
    settings.mode = mode;
    settings.skipInvalidRows = skipInvalidRows;
    settings.chunkSize = chunkSize;
    return settings;
}

bool ImportWizardState::resumeFrom(const JournalState &journal, QString *error)
{
    ImportSettings recorded;
    if (!ImportSettings::fromJson(journal.settings, type(), &recorded, error))
        return false;
    csvOptions = recorded.csvOptions;
    sheet = recorded.sheet;
    headerRow = recorded.headerRow;
    mapping = recorded.mapping;
    matchField = recorded.matchField;
    mode = recorded.mode;
    chunkSize = recorded.chunkSize;
    skipInvalidRows = recorded.skipInvalidRows;
    resume = journal;
    return true;
}

} // namespace Planhat
