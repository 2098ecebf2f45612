// SPDX-License-Identifier: MIT
#include "schema.h"

namespace Planhat {

namespace {

// Small builders so each type below reads as a table of its fields.
FieldSpec field(const char *name, const char *displayName, FieldType type)
{
    FieldSpec spec;
    spec.name = QLatin1String(name);
    spec.displayName = QLatin1String(displayName);
    spec.type = type;
    return spec;
}

FieldSpec text(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::Text);
}

FieldSpec number(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::Number);
}

FieldSpec boolean(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::Boolean);
}

FieldSpec date(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::Date);
}

FieldSpec dayNumber(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::DayNumber);
}

FieldSpec list(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::List);
}

FieldSpec object(const char *name, const char *displayName)
{
    return field(name, displayName, FieldType::Object);
}

FieldSpec reference(const char *name, const char *displayName, const char *referenceType)
{
    FieldSpec spec = field(name, displayName, FieldType::ObjectId);
    spec.referenceType = QLatin1String(referenceType);
    return spec;
}

FieldSpec referenceList(const char *name, const char *displayName, const char *referenceType)
{
    FieldSpec spec = field(name, displayName, FieldType::List);
    spec.referenceType = QLatin1String(referenceType);
    return spec;
}

FieldSpec enumeration(const char *name, const char *displayName, const QStringList &values)
{
    FieldSpec spec = field(name, displayName, FieldType::Enum);
    spec.allowedValues = values;
    return spec;
}

FieldSpec required(FieldSpec spec)
{
    spec.requirement = Requirement::RequiredOnCreate;
    return spec;
}

FieldSpec readOnly(FieldSpec spec)
{
    spec.access = FieldAccess::ReadOnly;
    return spec;
}

QStringList values(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result.append(QLatin1String(item));
    return result;
}

const Operations allOperations = Operation::Create | Operation::Get | Operation::Update
    | Operation::Delete | Operation::List | Operation::BulkUpsert;

const QList<MatchKey> standardKeys = {{KeyKind::Id, QStringLiteral("_id")},
                                      {KeyKind::SourceId, QStringLiteral("sourceId")},
                                      {KeyKind::ExternalId, QStringLiteral("externalId")}};

/// A type with the fields every object has around `ownFields`: `_id` first, then the
/// type's own fields, external keys, `custom`, and the server's timestamps.
ObjectType makeType(const char *name, const char *singular, const char *plural,
                    const char *description, const QList<FieldSpec> &ownFields)
{
    ObjectType type;
    type.name = QLatin1String(name);
    type.singularName = QLatin1String(singular);
    type.pluralName = QLatin1String(plural);
    type.description = QLatin1String(description);
    type.operations = allOperations;
    type.keys = standardKeys;
    type.fields.append(readOnly(reference("_id", "ID", name)));
    type.fields.append(ownFields);
    type.fields.append(text("externalId", "External ID"));
    type.fields.append(text("sourceId", "Source ID"));
    type.fields.append(object("custom", "Custom fields"));
    type.fields.append(readOnly(date("createdAt", "Created")));
    type.fields.append(readOnly(date("updatedAt", "Updated")));
    return type;
}

/// A type owned by a company through `companyId`, with the denormalised company name.
ObjectType makeCompanyOwnedType(const char *name, const char *singular, const char *plural,
                                const char *description, Requirement companyRequirement,
                                const QList<FieldSpec> &ownFields)
{
    FieldSpec company = reference("companyId", "Company", "companies");
    company.requirement = companyRequirement;
    QList<FieldSpec> fields {company, readOnly(text("companyName", "Company name"))};
    fields.append(ownFields);
    ObjectType type = makeType(name, singular, plural, description, fields);
    type.companyField = QStringLiteral("companyId");
    return type;
}

/// The `parent` a custom-field definition names for a type: the singular model name
/// ("companies" -> "company", "endusers" -> "enduser").
QString customFieldParentFor(const QString &typeName)
{
    if (typeName == QLatin1String("nps") || typeName == QLatin1String("churn"))
        return typeName;
    if (typeName.endsWith(QLatin1String("ies")))
        return typeName.chopped(3) + QLatin1Char('y');
    if (typeName.endsWith(QLatin1Char('s')))
        return typeName.chopped(1);
    return typeName;
}

} // namespace

const Schema &Schema::builtin()
{
    static const Schema schema;
    return schema;
}

const ObjectType *Schema::type(const QString &name) const
{
    const auto it = m_indexByName.constFind(name.trimmed().toLower());
    return it == m_indexByName.constEnd() ? nullptr : &m_types.at(it.value());
}

QStringList Schema::typeNames() const
{
    QStringList names;
    for (const ObjectType &type : m_types)
        names.append(type.name);
    return names;
}

void Schema::add(ObjectType type, const QStringList &aliases)
{
    const int index = m_types.size();
    if (type.customFieldParent.isEmpty())
        type.customFieldParent = customFieldParentFor(type.name);
    m_indexByName.insert(type.name.toLower(), index);
    m_indexByName.insert(type.singularName.toLower(), index);
    m_indexByName.insert(type.pluralName.toLower(), index);
    for (const QString &alias : aliases)
        m_indexByName.insert(alias.toLower(), index);
    m_types.append(std::move(type));
}

Schema::Schema()
{
    const auto R = Requirement::RequiredOnCreate;
    const auto O = Requirement::Optional;

    // Companies: the root of the model; the only type with 5,000 rows a page.
    ObjectType companies = makeType(
        "companies", "Company", "Companies", "Customer accounts",
        {required(text("name", "Name")),
         reference("owner", "Owner", "users"),
         reference("coOwner", "Co-owner", "users"),
         text("phase", "Phase"),
         readOnly(enumeration("status", "Status",
                              values({"prospect", "coming", "customer", "canceled", "lost"}))),
         list("tags", "Tags"),
         readOnly(list("domains", "Domains")),
         readOnly(number("h", "Health")),
         text("hProfile", "Health profile"),
         number("csmScore", "CSM score"),
         text("description", "Description"),
         text("country", "Country"),
         text("city", "City"),
         text("address", "Address"),
         text("web", "Website"),
         readOnly(number("mrr", "MRR")),
         readOnly(number("arr", "ARR")),
         readOnly(number("mrrTotal", "MRR total")),
         readOnly(number("nrr30", "NRR 30 days")),
         readOnly(number("nrrTotal", "NRR total")),
         readOnly(number("mrTotal", "MR total")),
         readOnly(date("renewalDate", "Renewal date")),
         readOnly(date("customerFrom", "Customer from")),
         readOnly(date("customerTo", "Customer to")),
         readOnly(date("phaseSince", "Phase since")),
         readOnly(date("createDate", "Create date")),
         readOnly(date("lastUpdated", "Last updated"))});
    companies.pageLimit = 5000;
    add(companies, {});

    add(makeCompanyOwnedType(
            "endusers", "End user", "End users", "Contacts at customer companies", R,
            {required(text("email", "Email")), text("firstName", "First name"),
             text("lastName", "Last name"), readOnly(text("name", "Name")),
             text("position", "Position"), text("phone", "Phone"), list("tags", "Tags"),
             boolean("featured", "Featured"), boolean("primary", "Primary"),
             boolean("archived", "Archived"), readOnly(date("lastActive", "Last active"))}),
        {QStringLiteral("enduser"), QStringLiteral("contacts")});

    add(makeCompanyOwnedType("licenses", "License", "Licenses", "Recurring revenue contracts", R,
                             {required(text("_currency", "Currency")), text("product", "Product"),
                              required(date("fromDate", "From")), date("toDate", "To"),
                              boolean("fixedPeriod", "Fixed period"), number("mrr", "MRR"),
                              number("value", "Value"), number("length", "Length (months)"),
                              boolean("autoRenews", "Auto-renews"),
                              number("renewalPeriod", "Renewal period"),
                              enumeration("renewalUnit", "Renewal unit", values({"month", "year"})),
                              number("noticePeriod", "Notice period"),
                              readOnly(text("renewalStatus", "Renewal status")),
                              readOnly(date("renewalDate", "Renewal date")),
                              readOnly(number("renewalDaysFromNow", "Renewal in days")),
                              readOnly(boolean("isOverdue", "Overdue"))}),
        {});

    add(makeCompanyOwnedType("assets", "Asset", "Assets",
                             "Things a customer owns or uses: sites, instances, devices", R,
                             {required(text("name", "Name")), readOnly(object("usage", "Usage"))}),
        {});

    add(makeCompanyOwnedType("projects", "Project", "Projects",
                             "Onboarding and other customer projects", R,
                             {required(text("name", "Name")), date("startDate", "Start"),
                              date("endDate", "End"), text("currency", "Currency"),
                              number("mrr", "MRR"), number("arr", "ARR"), number("nrr", "NRR")}),
        {});

    add(makeCompanyOwnedType(
            "tasks", "Task", "Tasks", "Tasks and calendar events", R,
            {required(enumeration("mainType", "Kind", values({"task", "event"}))),
             text("action", "Title"), text("description", "Description"),
             reference("ownerId", "Owner", "users"), readOnly(text("ownerName", "Owner name")),
             date("startTime", "Start"), date("endTime", "End"), date("dateDone", "Done"),
             enumeration("repeat", "Repeat",
                         values({"daily", "weekly", "monthly", "quarterly", "yearly", "custom"})),
             number("repeatDays", "Repeat days"), text("type", "Type"), text("status", "Status"),
             boolean("isArchived", "Archived"), referenceList("endusers", "End users", "endusers"),
             referenceList("users", "Team members", "users"), list("checklist", "Checklist"),
             readOnly(text("snippet", "Snippet"))}),
        {QStringLiteral("events")});

    // Issues link to many companies and end users through id arrays; they have no single
    // owning company.
    ObjectType issues
        = makeType("issues", "Issue", "Issues", "Bugs and feature requests shared across companies",
                   {required(text("title", "Title")), text("description", "Description"),
                    text("status", "Status"), referenceList("companyIds", "Companies", "companies"),
                    readOnly(list("companies", "Company names")),
                    referenceList("enduserIds", "End users", "endusers"),
                    readOnly(list("endusers", "End user names")), boolean("archived", "Archived")});
    // The issue model has no externalId keyable: bulk upsert matches on _id, then sourceId.
    issues.keys = {{KeyKind::Id, QStringLiteral("_id")},
                   {KeyKind::SourceId, QStringLiteral("sourceId")}};
    add(issues, {});

    // Invoices name their company and external id differently and count dates in days.
    ObjectType invoices = makeType(
        "invoices", "Invoice", "Invoices", "Invoices, dates as days since 1970-01-01",
        {required(reference("cId", "Company", "companies")),
         readOnly(text("cName", "Company name")), text("extId", "External ID"),
         readOnly(number("invoiceNo", "Invoice number")), required(text("currency", "Currency")),
         dayNumber("invoiceDate", "Invoice date"), dayNumber("dueDate", "Due date"),
         dayNumber("paidDate", "Paid date"), number("amountTotal", "Amount total"),
         number("amountDue", "Amount due"), number("amountPaid", "Amount paid"),
         enumeration("status", "Status", values({"pending", "paid", "overdue"})),
         text("invoiceCycle", "Invoice cycle"), list("emails", "Emails"),
         readOnly(list("lineItems", "Line items"))});
    invoices.fields.removeIf(
        [](const FieldSpec &spec) { return spec.name == QLatin1String("externalId"); });
    invoices.keys = {{KeyKind::Id, QStringLiteral("_id")},
                     {KeyKind::SourceId, QStringLiteral("sourceId")},
                     {KeyKind::ExternalId, QStringLiteral("extId")}};
    invoices.companyField = QStringLiteral("cId");
    add(invoices, {});

    add(makeCompanyOwnedType(
            "churn", "Churn", "Churn", "Churn log entries (do not change revenue figures)", R,
            {date("date", "Date"), list("reasons", "Reasons"), number("value", "Value"),
             list("products", "Products"), text("comment", "Comment")}),
        {QStringLiteral("churns")});

    // Notes are conversations of a note type; there is no /notes endpoint.
    ObjectType conversations = makeCompanyOwnedType(
        "conversations", "Conversation", "Conversations (notes)",
        "Notes and logged touches; email, chat, ticket and call types are reserved", R,
        {text("type", "Type"), text("subject", "Subject"), text("description", "Description"),
         date("date", "Date"), list("endusers", "End users"), list("users", "Team members"),
         list("tags", "Tags"), boolean("starred", "Starred"), boolean("pinned", "Pinned"),
         boolean("archived", "Archived"), readOnly(text("snippet", "Snippet"))});
    // The note docs require `_id` to update a note: the server matches on nothing else, so
    // a note sent with only an externalId is created again.
    conversations.keys = {{KeyKind::Id, QStringLiteral("_id")}};
    add(conversations,
        {QStringLiteral("notes"), QStringLiteral("note"), QStringLiteral("conversations")});

    add(makeCompanyOwnedType("sales", "Sale", "Sales", "Non-recurring revenue", R,
                             {required(text("_currency", "Currency")),
                              required(date("salesDate", "Sales date")),
                              required(number("value", "Value")), text("product", "Product")}),
        {QStringLiteral("nrr")});

    add(makeCompanyOwnedType(
            "opportunities", "Opportunity", "Opportunities", "Sales opportunities", R,
            {text("title", "Title"), text("salesStage", "Sales stage"),
             enumeration("status", "Status", values({"active", "won", "lost"})),
             date("dealDate", "Deal date"), date("landingDate", "Landing date"),
             date("closeDate", "Close date"), text("_currency", "Currency"),
             reference("ownerId", "Owner", "users"), number("mrr", "MRR"), number("arr", "ARR"),
             number("nrr", "NRR"), number("contractLength", "Contract length (months)"),
             readOnly(list("stageHistory", "Stage history"))}),
        {});

    add(makeCompanyOwnedType(
            "nps", "NPS response", "NPS responses", "Net promoter score responses", O,
            {reference("enduserId", "End user", "endusers"), text("email", "Email"),
             number("score", "Score"), text("comment", "Comment"), date("date", "Date"),
             reference("campaignId", "Campaign", "campaigns")}),
        {QStringLiteral("nps response")});

    add(makeCompanyOwnedType("campaigns", "Campaign", "Campaigns", "Campaigns", R,
                             {text("name", "Name"), text("description", "Description"),
                              date("startDate", "Start"), date("endDate", "End"),
                              text("status", "Status")}),
        {});

    add(makeCompanyOwnedType("objectives", "Objective", "Objectives", "Customer objectives", R,
                             {text("name", "Name"), text("description", "Description"),
                              text("status", "Status"), number("health", "Health")}),
        {});

    add(makeCompanyOwnedType("workspaces", "Workspace", "Workspaces", "Sub-accounts of a company",
                             R, {required(text("name", "Name"))}),
        {});

    // Team members. Many of their UI fields are autogenerated.
    ObjectType users = makeType(
        "users", "User", "Users", "Team members of the tenant",
        {required(text("email", "Email")), required(text("nickName", "Nickname")),
         required(text("firstName", "First name")), required(text("lastName", "Last name")),
         list("roles", "Roles"), boolean("inactive", "Inactive"), boolean("isHidden", "Hidden"),
         boolean("notificationsEnabled", "Notifications"),
         referenceList("managers", "Managers", "users"), list("teams", "Teams"),
         boolean("isExposedAsSenderOption", "Sender option"), readOnly(object("image", "Image")),
         readOnly(date("createDate", "Create date"))});
    users.fields.removeIf(
        [](const FieldSpec &spec) { return spec.name == QLatin1String("sourceId"); });
    users.keys = {{KeyKind::Id, QStringLiteral("_id")},
                  {KeyKind::ExternalId, QStringLiteral("externalId")}};
    add(users, {QStringLiteral("team members"), QStringLiteral("team")});

    // Custom-field definitions: no bulk upsert, matched by _id only.
    ObjectType customFields;
    customFields.name = QStringLiteral("customfields");
    customFields.singularName = QStringLiteral("Custom field");
    customFields.pluralName = QStringLiteral("Custom fields");
    customFields.description = QStringLiteral("Definitions of the tenant's custom fields");
    customFields.operations = Operation::Create | Operation::Get | Operation::Update
        | Operation::Delete | Operation::List;
    customFields.keys = {{KeyKind::Id, QStringLiteral("_id")}};
    customFields.customFieldParent = QStringLiteral("-");
    customFields.fields = {
        readOnly(reference("_id", "ID", "customfields")),
        required(text("name", "Name")),
        required(enumeration("type", "Type",
                             values({"number", "text", "rich text", "checkbox", "day", "date",
                                     "list", "multipicklist", "team member", "team members",
                                     "rating", "phone", "email", "enduser", "endusers", "url"}))),
        required(text("parent", "Parent")),
        required(boolean("isHidden", "Hidden")),
        boolean("isFeatured", "Featured"),
        boolean("isShared", "Shared"),
        boolean("isLocked", "Locked"),
        boolean("isMandatory", "Mandatory"),
        boolean("isFormula", "Formula"),
        boolean("treatUndefinedAsZero", "Undefined as zero"),
        text("formula", "Formula text"),
        list("listValues", "List values"),
        text("numberFormat", "Number format"),
        readOnly(object("filter", "Filter")),
        readOnly(list("formulaRefs", "Formula references")),
        readOnly(date("createdAt", "Created")),
        readOnly(date("updatedAt", "Updated")),
    };
    add(customFields, {QStringLiteral("custom fields"), QStringLiteral("customfield")});

    // Tickets are conversations whose type the endpoint sets; only bulk upsert, list, delete.
    ObjectType tickets = makeCompanyOwnedType(
        "tickets", "Ticket", "Tickets", "Support tickets (conversations of type ticket)", O,
        {text("subject", "Subject"), text("description", "Description"), text("status", "Status"),
         date("date", "Date"), list("endusers", "End users"), readOnly(text("type", "Type"))});
    tickets.operations = Operation::BulkUpsert | Operation::List | Operation::Delete;
    // The ticket docs name `_id` and `sourceId` as keyables, no externalId.
    tickets.keys = {{KeyKind::Id, QStringLiteral("_id")},
                    {KeyKind::SourceId, QStringLiteral("sourceId")}};
    add(tickets, {});
}

} // namespace Planhat
