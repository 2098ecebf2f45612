// SPDX-License-Identifier: MIT
#include "importwizardstate.h"

#include "schema/schema.h"

namespace Planhat {

ObjectType ImportWizardState::type() const
{
    const ObjectType *builtin = Schema::builtin().type(typeName);
    return builtin ? customFields.apply(*builtin) : ObjectType();
}

ImportCheckRequest ImportWizardState::checkRequest() const
{
    return {filePath, csvOptions, type(), mapping, key, mode};
}

} // namespace Planhat
