// SPDX-License-Identifier: MIT
#include "demoseeder.h"

#include "analyticsendpoints.h"

#include "objectwriter.h"
#include "sandboxstore.h"

#include <QJsonArray>
#include <QSet>

#include <cstring>
#include <string>
#include <vector>

namespace Planhat::Sandbox {

namespace {

constexpr std::mt19937::result_type demoSeed = 20240115;
constexpr std::mt19937::result_type companiesSeed = 4242;

// Every seeded object is stamped from this moment on, a few minutes apart.
const QDateTime seedEpoch(QDate(2024, 1, 15), QTime(9, 0), Qt::UTC);
const QDate today(2024, 6, 1);

QStringList words(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result.append(QString::fromUtf8(item));
    return result;
}

const QStringList &namePrefixes()
{
    static const QStringList values
        = words({"Northwind", "Bluefin",   "Cedar",      "Brightpath", "Ironwood", "Silverline",
                 "Harbor",    "Summit",    "Redwood",    "Lumen",      "Keystone", "Oakridge",
                 "Nimbus",    "Vertex",    "Copperleaf", "Granite",    "Aurora",   "Pinecrest",
                 "Meridian",  "Solstice",  "Evergreen",  "Crescent",   "Beacon",   "Falcon",
                 "Riverbend", "Stonegate", "Clearwater", "Foxglove",   "Highland", "Maplewood"});
    return values;
}

const QStringList &nameSuffixes()
{
    static const QStringList values = words(
        {"Analytics", "Logistics", "Health",   "Systems", "Labs",     "Foods",   "Energy",
         "Software",  "Capital",   "Robotics", "Media",   "Networks", "Studios", "Outfitters",
         "Bank",      "Insurance", "Pharma",   "Retail",  "Freight",  "Learning"});
    return values;
}

const QStringList legalForms = words({"", "", "", "Inc.", "GmbH", "Ltd", "AB", "BV"});
const QStringList regions = words({"EMEA", "North America", "APAC", "LATAM"});
const QStringList segments = words({"SMB", "Mid-Market", "Enterprise", "Strategic"});
const QStringList products
    = words({"Analytics", "Automation", "Integrations", "Mobile", "API Access"});
const QStringList phases
    = words({"Onboarding", "Adoption", "Value Realization", "Renewal", "Expansion"});
const QStringList companyTags = words(
    {"strategic", "reference", "beta-program", "at-risk", "upsell", "partner", "multi-product"});
const QStringList firstNames = words(
    {"Emma",   "Liam", "Olivia", "Noah",  "Ava",   "Elias",  "Mia",  "Lucas",  "Sofia", "Mateo",
     "Hannah", "Leon", "Chloe",  "Arjun", "Yuki",  "Fatima", "Omar", "Ingrid", "Pedro", "Grace",
     "Daniel", "Zoe",  "Marcus", "Amara", "Felix", "Nora",   "Ravi", "Clara",  "Hugo",  "Leila"});
const QStringList lastNames = words(
    {"Andersson", "Schmidt", "Garcia", "Nguyen",   "Kowalski", "Rossi",    "Dubois",  "Silva",
     "Tanaka",    "Okafor",  "Murphy", "Jensen",   "Novak",    "Haddad",   "Fischer", "Larsen",
     "Costa",     "Patel",   "Kim",    "Müller",   "Moreau",   "Svensson", "Bauer",   "Reyes",
     "Chen",      "Walsh",   "Ahmed",  "Lindberg", "Ferreira", "Ito"});
const QStringList positions
    = words({"CTO", "Head of Operations", "IT Manager", "VP Finance", "Product Manager",
             "Marketing Lead", "Support Manager", "Data Analyst", "Procurement Officer", "CEO"});
const QStringList departments = words(
    {"Engineering", "Operations", "Finance", "Marketing", "Sales", "IT", "Customer Support"});

struct Place
{
    const char *region;
    const char *country;
    const char *city;
    const char *tld;
    const char *currency;
};

const Place places[] = {
    {"EMEA", "Germany", "Berlin", "de", "EUR"},
    {"EMEA", "Sweden", "Stockholm", "se", "SEK"},
    {"EMEA", "United Kingdom", "London", "co.uk", "GBP"},
    {"EMEA", "France", "Paris", "fr", "EUR"},
    {"EMEA", "Netherlands", "Amsterdam", "nl", "EUR"},
    {"North America", "United States", "Austin", "com", "USD"},
    {"North America", "United States", "Chicago", "com", "USD"},
    {"North America", "United States", "Seattle", "com", "USD"},
    {"North America", "Canada", "Toronto", "ca", "USD"},
    {"APAC", "Australia", "Sydney", "com.au", "USD"},
    {"APAC", "Japan", "Tokyo", "jp", "USD"},
    {"APAC", "Singapore", "Singapore", "sg", "USD"},
    {"LATAM", "Brazil", "São Paulo", "com.br", "USD"},
    {"LATAM", "Mexico", "Mexico City", "mx", "USD"},
    {"LATAM", "Chile", "Santiago", "cl", "USD"},
};

QJsonArray toArray(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

QString lettersOnly(const QString &text)
{
    QString result;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            result += c;
    }
    return result;
}

QJsonObject definition(const char *name, const char *type, const QString &parent,
                       const QStringList &listValues = QStringList())
{
    QJsonObject object {{QStringLiteral("name"), QString::fromUtf8(name)},
                        {QStringLiteral("type"), QString::fromUtf8(type)},
                        {QStringLiteral("parent"), parent},
                        {QStringLiteral("isHidden"), false}};
    if (!listValues.isEmpty())
        object.insert(QStringLiteral("listValues"), toArray(listValues));
    return object;
}

/// JSON text as QJsonDocument's compact output writes it.
namespace JsonText {

QByteArray quoted(const QString &text)
{
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20)
                out += "\\u00" + QByteArray::number(byte, 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

/// Values picked from a list, quoted once.
class StringList
{
public:
    explicit StringList(const QStringList &values)
    {
        for (const QString &value : values)
            m_quoted.push_back(quoted(value));
    }
    qsizetype size() const { return qsizetype(m_quoted.size()); }
    const QByteArray &at(quint32 index) const { return m_quoted.at(index); }

private:
    std::vector<QByteArray> m_quoted;
};

} // namespace JsonText

/// The quoted timestamps of objects stamped 250 ms apart from `first` on, as
/// SandboxStore::timestamp() writes them, without a QDateTime per object.
class CompactTimestamps
{
public:
    explicit CompactTimestamps(const QDateTime &first)
        : m_date(first.toUTC().date())
        , m_msOfDay(first.toUTC().time().msecsSinceStartOfDay())
    {
        m_datePart = m_date.toString(Qt::ISODate).toLatin1();
    }

    const QByteArray &next()
    {
        constexpr qint64 dayMs = 24 * 3600 * 1000;
        if (m_msOfDay >= dayMs) {
            m_date = m_date.addDays(m_msOfDay / dayMs);
            m_msOfDay %= dayMs;
            m_datePart = m_date.toString(Qt::ISODate).toLatin1();
        }
        const auto ms = int(m_msOfDay);
        const auto two = [this](qsizetype at, int value) {
            m_text[at] = char('0' + value / 10);
            m_text[at + 1] = char('0' + value % 10);
        };
        // "YYYY-MM-DDThh:mm:ss.mmmZ" in quotes: the date part is kept, the time rewritten.
        m_text.resize(1 + m_datePart.size() + 15);
        m_text[0] = '"';
        std::memcpy(m_text.data() + 1, m_datePart.constData(), size_t(m_datePart.size()));
        const qsizetype at = 1 + m_datePart.size();
        m_text[at] = 'T';
        two(at + 1, ms / 3600000);
        m_text[at + 3] = ':';
        two(at + 4, ms / 60000 % 60);
        m_text[at + 6] = ':';
        two(at + 7, ms / 1000 % 60);
        m_text[at + 9] = '.';
        m_text[at + 10] = char('0' + ms % 1000 / 100);
        two(at + 11, ms % 100);
        m_text[at + 13] = 'Z';
        m_text[at + 14] = '"';
        m_msOfDay += 250;
        return m_text;
    }

private:
    QDate m_date;
    qint64 m_msOfDay;
    QByteArray m_datePart;
    QByteArray m_text;
};

/// Writes the digits of `value` (positive) zero-padded to `width` into `out` (room for 16);
/// returns how many it wrote.
int paddedNumber(int value, int width, char *out)
{
    char digits[16];
    int size = 0;
    do {
        digits[size++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0);
    int written = 0;
    for (int pad = width - size; pad > 0 && written < 16 - size; --pad)
        out[written++] = '0';
    while (size > 0)
        out[written++] = digits[--size];
    return written;
}

/// The bytes of one seeded object, appended into a buffer reused for every object:
/// QByteArray's checked appends were the larger part of seeding a million companies.
class CompactWriter
{
public:
    CompactWriter() { m_buffer.reserve(2048); }
    void clear() { m_buffer.clear(); }
    CompactWriter &operator<<(QByteArrayView bytes)
    {
        m_buffer.append(bytes.data(), size_t(bytes.size()));
        return *this;
    }
    CompactWriter &operator<<(const QByteArray &bytes) { return *this << QByteArrayView(bytes); }
    CompactWriter &operator<<(const char *text)
    {
        m_buffer.append(text);
        return *this;
    }
    CompactWriter &operator<<(char c)
    {
        m_buffer.push_back(c);
        return *this;
    }
    /// Latin-1 text known to need no escaping (generated ids).
    CompactWriter &operator<<(const QString &latin1)
    {
        for (const QChar c : latin1)
            m_buffer.push_back(char(c.unicode()));
        return *this;
    }
    qsizetype size() const { return qsizetype(m_buffer.size()); }
    void appendNumber(int value)
    {
        char digits[16];
        m_buffer.append(digits, size_t(paddedNumber(value, 0, digits)));
    }
    QByteArray toByteArray() const
    {
        return QByteArray(m_buffer.data(), qsizetype(m_buffer.size()));
    }

private:
    std::string m_buffer;
};

} // namespace

DemoSeeder::DemoSeeder(SandboxStore *store)
    : m_store(store)
    , m_random(demoSeed)
{ }

quint32 DemoSeeder::pick(quint32 bound)
{
    // Plain modulo on the engine's output: std::uniform_int_distribution is allowed to
    // differ between standard libraries, and the demo must not.
    return bound == 0 ? 0 : quint32(m_random() % bound);
}

const QString &DemoSeeder::pick(const QStringList &values)
{
    return values.at(qsizetype(pick(quint32(values.size()))));
}

bool DemoSeeder::chance(int percent)
{
    return int(pick(100)) < percent;
}

QDate DemoSeeder::demoToday()
{
    return today;
}

QString DemoSeeder::isoDate(const QDate &date) const
{
    return QDateTime(date, QTime(0, 0), Qt::UTC).toString(Qt::ISODateWithMs);
}

const StoredObject *DemoSeeder::create(const QString &typeName, const QJsonObject &payload)
{
    TypeCollection *collection = m_store->collection(typeName);
    Q_ASSERT(collection);
    const WriteResult result
        = ObjectWriter(m_store, collection).create(payload, ObjectWriter::Origin::Sandbox);
    if (!result.isOk())
        qFatal("Seeding %s failed: %s", qPrintable(typeName), qPrintable(result.error));
    return result.object;
}

QStringList DemoSeeder::ensureUsers()
{
    TypeCollection *users = m_store->collection(QStringLiteral("users"));
    QStringList ids;
    if (users->size() == 0) {
        struct Member
        {
            const char *first;
            const char *last;
            const char *role;
            const char *team;
        };
        static const Member members[] = {
            {"Maya", "Lindqvist", "Admin", "Customer Success"},
            {"Jonas", "Becker", "CSM", "EMEA Success"},
            {"Priya", "Raman", "CSM", "North America Success"},
            {"Tom", "O'Neill", "Account Manager", "Sales"},
            {"Sofia", "Alvarez", "CSM", "LATAM Success"},
            {"Kenji", "Watanabe", "Support Lead", "Support"},
        };
        int number = 1;
        for (const Member &member : members) {
            const QString first = QString::fromUtf8(member.first);
            const QString last = QString::fromUtf8(member.last);
            const QString email = lettersOnly(first) + QLatin1Char('.') + lettersOnly(last)
                + QLatin1String("@northstar-success.example");
            create(QStringLiteral("users"),
                   {{QStringLiteral("email"), email},
                    {QStringLiteral("nickName"), first},
                    {QStringLiteral("firstName"), first},
                    {QStringLiteral("lastName"), last},
                    {QStringLiteral("roles"), QJsonArray {QString::fromUtf8(member.role)}},
                    {QStringLiteral("teams"), QJsonArray {QString::fromUtf8(member.team)}},
                    {QStringLiteral("inactive"), false},
                    {QStringLiteral("isHidden"), false},
                    {QStringLiteral("notificationsEnabled"), true},
                    {QStringLiteral("externalId"),
                     QStringLiteral("user-%1").arg(number++, 3, 10, QLatin1Char('0'))}});
        }
    }
    for (const auto &user : users->objects())
        ids.append(user->id());
    return ids;
}

void DemoSeeder::ensureCustomFields()
{
    TypeCollection *definitions = m_store->collection(QStringLiteral("customfields"));
    QSet<QString> existing;
    for (const auto &object : definitions->objects()) {
        const QJsonObject data = object->data();
        existing.insert(data.value(QStringLiteral("parent")).toString() + QLatin1Char('/')
                        + data.value(QStringLiteral("name")).toString());
    }
    const auto parentOf = [this](const char *typeName) {
        return m_store->collection(QString::fromLatin1(typeName))->type().customFieldParent;
    };
    const QString company = parentOf("companies");
    const QString enduser = parentOf("endusers");
    const QList<QJsonObject> wanted = {
        definition("Region", "list", company, regions),
        definition("Segment", "list", company, segments),
        definition("Renewal Risk", "checkbox", company),
        definition("Seats", "number", company),
        definition("Next QBR", "date", company),
        definition("Products", "multipicklist", company, products),
        definition("CSM Backup", "team member", company),
        definition("Contract Signed", "day", company),
        definition("Success Plan", "text", company),
        definition("Department", "list", enduser, departments),
        definition("Champion", "checkbox", enduser),
        definition("Last Training", "date", enduser),
        definition("Billing Cycle", "list", parentOf("licenses"),
                   words({"Monthly", "Quarterly", "Annual"})),
        definition("Project Type", "list", parentOf("projects"),
                   words({"Onboarding", "Migration", "Expansion", "Training"})),
    };
    for (const QJsonObject &field : wanted) {
        const QString key = field.value(QStringLiteral("parent")).toString() + QLatin1Char('/')
            + field.value(QStringLiteral("name")).toString();
        if (!existing.contains(key))
            create(QStringLiteral("customfields"), field);
    }
}

void DemoSeeder::seedDemo()
{
    const SandboxStore::Clock previousClock = m_store->clock();
    auto tick = std::make_shared<qint64>(0);
    m_store->setClock([tick]() { return seedEpoch.addSecs(37 * (*tick)++); });
    m_random.seed(demoSeed);

    const QStringList userIds = ensureUsers();
    ensureCustomFields();
    const QList<Company> companies = seedDemoCompanies(userIds);
    seedEndUsers(companies);
    seedLicenses(companies);
    seedProjects(companies);
    seedTasks(companies, userIds);
    seedNotes(companies, userIds);
    seedInvoices(companies);
    seedOpportunities(companies, userIds);
    seedIssues(companies);
    seedMetrics(companies);

    m_store->setClock(previousClock);
}

QList<DemoSeeder::Company> DemoSeeder::seedDemoCompanies(const QStringList &userIds)
{
    // Every prefix/suffix pairing, shuffled, gives 120 distinct believable names.
    QList<QPair<int, int>> pairs;
    for (int p = 0; p < namePrefixes().size(); ++p) {
        for (int s = 0; s < nameSuffixes().size(); ++s)
            pairs.append({p, s});
    }
    for (qsizetype i = pairs.size() - 1; i > 0; --i)
        pairs.swapItemsAt(i, qsizetype(pick(quint32(i + 1))));

    QList<Company> companies;
    constexpr int companyCount = 120;
    for (int n = 1; n <= companyCount; ++n) {
        const QString prefix = namePrefixes().at(pairs.at(n - 1).first);
        const QString suffix = nameSuffixes().at(pairs.at(n - 1).second);
        const QString legalForm = pick(legalForms);
        const Place &place = places[pick(quint32(std::size(places)))];
        Company company;
        company.name = prefix + QLatin1Char(' ') + suffix
            + (legalForm.isEmpty() ? QString() : QLatin1Char(' ') + legalForm);
        company.domain
            = lettersOnly(prefix + suffix) + QLatin1Char('.') + QString::fromLatin1(place.tld);
        company.region = QString::fromLatin1(place.region);
        company.currency = QString::fromLatin1(place.currency);
        const int roll = int(pick(100));
        company.status = roll < 70 ? QStringLiteral("customer")
            : roll < 82            ? QStringLiteral("prospect")
            : roll < 88            ? QStringLiteral("coming")
            : roll < 95            ? QStringLiteral("canceled")
                                   : QStringLiteral("lost");
        const QString segment = pick(segments);
        const int seatBase = segment == QLatin1String("SMB") ? 10
            : segment == QLatin1String("Mid-Market")         ? 60
            : segment == QLatin1String("Enterprise")         ? 250
                                                             : 800;
        company.seats = seatBase + int(pick(quint32(seatBase)));

        QStringList tags;
        for (int t = int(pick(4)); t > 0; --t) {
            const QString tag = pick(companyTags);
            if (!tags.contains(tag))
                tags.append(tag);
        }
        QStringList productList;
        for (int t = 1 + int(pick(3)); t > 0; --t) {
            const QString product = pick(products);
            if (!productList.contains(product))
                productList.append(product);
        }
        const QString owner = userIds.at(1 + qsizetype(pick(quint32(userIds.size() - 1))));
        const QString backup = pick(userIds);
        const bool isCustomer = company.status == QLatin1String("customer");
        const QJsonObject custom {
            {QStringLiteral("Region"), company.region},
            {QStringLiteral("Segment"), segment},
            {QStringLiteral("Renewal Risk"), isCustomer && chance(18)},
            {QStringLiteral("Seats"), company.seats},
            {QStringLiteral("Next QBR"), isoDate(today.addDays(7 + pick(120)))},
            {QStringLiteral("Products"), toArray(productList)},
            {QStringLiteral("CSM Backup"), backup},
            {QStringLiteral("Contract Signed"),
             today.addDays(-30 - int(pick(900))).toString(Qt::ISODate)},
            {QStringLiteral("Success Plan"),
             QStringLiteral("Grow %1 adoption in %2").arg(pick(products), company.region)},
        };
        QJsonObject payload {
            {QStringLiteral("name"), company.name},
            {QStringLiteral("externalId"),
             QStringLiteral("CUST-%1").arg(n, 4, 10, QLatin1Char('0'))},
            {QStringLiteral("sourceId"),
             QStringLiteral("0015e00000%1").arg(n * 7919, 8, 10, QLatin1Char('0'))},
            {QStringLiteral("owner"), owner},
            {QStringLiteral("phase"), isCustomer ? pick(phases) : QStringLiteral("Evaluation")},
            {QStringLiteral("status"), company.status},
            {QStringLiteral("tags"), toArray(tags)},
            {QStringLiteral("domains"), QJsonArray {company.domain}},
            {QStringLiteral("description"),
             QStringLiteral("%1 company based in %2.").arg(suffix, QString::fromUtf8(place.city))},
            {QStringLiteral("country"), QString::fromUtf8(place.country)},
            {QStringLiteral("city"), QString::fromUtf8(place.city)},
            {QStringLiteral("web"), QStringLiteral("https://www.") + company.domain},
            {QStringLiteral("csmScore"), 1 + int(pick(5))},
            {QStringLiteral("custom"), custom},
        };
        if (chance(40))
            payload.insert(QStringLiteral("coOwner"), pick(userIds));
        company.id = create(QStringLiteral("companies"), payload)->id();
        companies.append(company);
    }
    return companies;
}

void DemoSeeder::seedEndUsers(const QList<Company> &companies)
{
    int number = 1;
    for (const Company &company : companies) {
        QSet<QString> emails;
        const int count = 2 + int(pick(4));
        for (int i = 0; i < count; ++i) {
            const QString first = pick(firstNames);
            const QString last = pick(lastNames);
            QString email = lettersOnly(first) + QLatin1Char('.') + lettersOnly(last)
                + QLatin1Char('@') + company.domain;
            if (emails.contains(email))
                email.replace(QLatin1Char('@'), QStringLiteral("%1@").arg(i));
            emails.insert(email);
            create(QStringLiteral("endusers"),
                   {{QStringLiteral("email"), email},
                    {QStringLiteral("firstName"), first},
                    {QStringLiteral("lastName"), last},
                    {QStringLiteral("companyId"), company.id},
                    {QStringLiteral("position"), pick(positions)},
                    {QStringLiteral("phone"),
                     QStringLiteral("+1 555 01%1").arg(pick(100), 2, 10, QLatin1Char('0'))},
                    {QStringLiteral("primary"), i == 0},
                    {QStringLiteral("featured"), chance(15)},
                    {QStringLiteral("archived"), false},
                    {QStringLiteral("externalId"),
                     QStringLiteral("EU-%1").arg(number++, 5, 10, QLatin1Char('0'))},
                    {QStringLiteral("custom"),
                     QJsonObject {{QStringLiteral("Department"), pick(departments)},
                                  {QStringLiteral("Champion"), i == 0 && chance(60)},
                                  {QStringLiteral("Last Training"),
                                   isoDate(today.addDays(-int(pick(400))))}}}});
        }
    }
}

void DemoSeeder::seedLicenses(const QList<Company> &companies)
{
    static const QStringList licenseProducts
        = words({"Platform", "Analytics Add-on", "Premium Support", "API Access", "Mobile"});
    static const QStringList cycles = words({"Monthly", "Quarterly", "Annual"});
    int number = 1;
    for (const Company &company : companies) {
        const bool paying = company.status == QLatin1String("customer")
            || company.status == QLatin1String("canceled");
        if (!paying) {
            setRevenue(company.id, 0, QDate());
            continue;
        }
        const int count = 1 + (chance(55) ? 1 : 0) + (chance(15) ? 1 : 0);
        double activeMrr = 0;
        QDate nextRenewal;
        for (int i = 0; i < count; ++i) {
            const QDate from = today.addDays(-int(pick(700)));
            const QDate to = from.addMonths(12);
            const double mrr = double(company.seats * (i == 0 ? 25 : 8));
            if (from <= today && to >= today) { // active: counts towards the company's MRR
                activeMrr += mrr;
                if (!nextRenewal.isValid() || to < nextRenewal)
                    nextRenewal = to;
            }
            create(QStringLiteral("licenses"),
                   {{QStringLiteral("_currency"), company.currency},
                    {QStringLiteral("companyId"), company.id},
                    {QStringLiteral("product"),
                     i == 0 ? licenseProducts.constFirst() : pick(licenseProducts)},
                    {QStringLiteral("fromDate"), isoDate(from)},
                    {QStringLiteral("toDate"), isoDate(to)},
                    {QStringLiteral("fixedPeriod"), true},
                    {QStringLiteral("mrr"), mrr},
                    {QStringLiteral("value"), mrr * 12},
                    {QStringLiteral("length"), 12},
                    {QStringLiteral("autoRenews"), company.status == QLatin1String("customer")},
                    {QStringLiteral("renewalPeriod"), 12},
                    {QStringLiteral("renewalUnit"), QStringLiteral("month")},
                    {QStringLiteral("renewalDate"), isoDate(to)}, // fixed period: renews at its end
                    {QStringLiteral("noticePeriod"), 60},
                    {QStringLiteral("externalId"),
                     QStringLiteral("LIC-%1").arg(number++, 5, 10, QLatin1Char('0'))},
                    {QStringLiteral("custom"),
                     QJsonObject {{QStringLiteral("Billing Cycle"), pick(cycles)}}}});
        }
        setRevenue(company.id, activeMrr, nextRenewal);
    }
}

void DemoSeeder::setRevenue(const QString &companyId, double mrr, const QDate &renewalDate)
{
    // As Planhat derives them (read-only on the company): MRR is the sum of the active
    // licenses' MRR, ARR twelve times that, the renewal date the nearest upcoming one.
    TypeCollection *companies = m_store->companies();
    const StoredObject *company = companies->findById(companyId);
    Q_ASSERT(company);
    QJsonObject data = company->data();
    data.insert(QStringLiteral("mrr"), mrr);
    data.insert(QStringLiteral("arr"), mrr * 12);
    if (renewalDate.isValid())
        data.insert(QStringLiteral("renewalDate"), isoDate(renewalDate));
    else
        data.remove(QStringLiteral("renewalDate"));
    companies->replace(companyId, data);
}

void DemoSeeder::seedProjects(const QList<Company> &companies)
{
    static const QStringList kinds = words({"Onboarding", "Migration", "Expansion", "Training"});
    for (int n = 1; n <= 60; ++n) {
        const Company &company = companies.at(qsizetype(pick(quint32(companies.size()))));
        const QString kind = pick(kinds);
        const QDate start = today.addDays(-int(pick(300)));
        const double mrr = double(company.seats * 5);
        create(QStringLiteral("projects"),
               {{QStringLiteral("name"), QStringLiteral("%1 %2").arg(company.name, kind)},
                {QStringLiteral("companyId"), company.id},
                {QStringLiteral("startDate"), isoDate(start)},
                {QStringLiteral("endDate"), isoDate(start.addDays(30 + int(pick(90))))},
                {QStringLiteral("currency"), company.currency},
                {QStringLiteral("mrr"), mrr},
                {QStringLiteral("arr"), mrr * 12},
                {QStringLiteral("externalId"),
                 QStringLiteral("PRJ-%1").arg(n, 4, 10, QLatin1Char('0'))},
                {QStringLiteral("custom"), QJsonObject {{QStringLiteral("Project Type"), kind}}}});
    }
}

void DemoSeeder::seedTasks(const QList<Company> &companies, const QStringList &userIds)
{
    static const QStringList actions
        = words({"Prepare QBR deck", "Follow up on renewal", "Schedule onboarding kickoff",
                 "Review health score drop", "Send product update", "Check in with champion",
                 "Confirm seat count", "Plan expansion call", "Share training recording",
                 "Collect NPS feedback"});
    static const QStringList statuses = words({"open", "open", "in progress", "completed"});
    for (int n = 1; n <= 300; ++n) {
        const Company &company = companies.at(qsizetype(pick(quint32(companies.size()))));
        const QString action = pick(actions);
        const QString status = pick(statuses);
        const QDate start = today.addDays(int(pick(90)) - 45);
        QJsonObject task {
            {QStringLiteral("mainType"), QStringLiteral("task")},
            {QStringLiteral("action"), action},
            {QStringLiteral("description"), QStringLiteral("%1 for %2.").arg(action, company.name)},
            {QStringLiteral("companyId"), company.id},
            {QStringLiteral("ownerId"), pick(userIds)},
            {QStringLiteral("status"), status},
            {QStringLiteral("startTime"), isoDate(start)},
            {QStringLiteral("isArchived"), false},
        };
        if (status == QLatin1String("completed"))
            task.insert(QStringLiteral("dateDone"), isoDate(start.addDays(int(pick(5)))));
        create(QStringLiteral("tasks"), task);
    }
}

void DemoSeeder::seedNotes(const QList<Company> &companies, const QStringList &userIds)
{
    static const QStringList subjects
        = words({"Kickoff call notes", "QBR summary", "Renewal discussion", "Escalation follow-up",
                 "Executive sponsor intro", "Feature request roundup"});
    for (int n = 0; n < 12; ++n) {
        const Company &company = companies.at(qsizetype(pick(quint32(companies.size()))));
        const QString subject = pick(subjects);
        create(QStringLiteral("conversations"),
               {{QStringLiteral("type"), QStringLiteral("note")},
                {QStringLiteral("subject"), subject},
                {QStringLiteral("description"),
                 QStringLiteral("%1 with %2. Next steps agreed.").arg(subject, company.name)},
                {QStringLiteral("companyId"), company.id},
                {QStringLiteral("date"), isoDate(today.addDays(-int(pick(60))))},
                {QStringLiteral("users"), QJsonArray {pick(userIds)}}});
    }
}

void DemoSeeder::seedInvoices(const QList<Company> &companies)
{
    static const QStringList statuses = words({"paid", "paid", "paid", "pending", "overdue"});
    const qint64 todayNumber = QDate(1970, 1, 1).daysTo(today);
    for (int n = 1; n <= 40; ++n) {
        const Company &company = companies.at(qsizetype(pick(quint32(companies.size()))));
        const QString status = pick(statuses);
        const qint64 invoiceDate = todayNumber - qint64(pick(180));
        const double amount = double(company.seats * 25 * 3);
        QJsonObject invoice {
            {QStringLiteral("cId"), company.id},
            {QStringLiteral("currency"), company.currency},
            {QStringLiteral("invoiceDate"), invoiceDate},
            {QStringLiteral("dueDate"), invoiceDate + 30},
            {QStringLiteral("amountTotal"), amount},
            {QStringLiteral("amountPaid"), status == QLatin1String("paid") ? amount : 0.0},
            {QStringLiteral("amountDue"), status == QLatin1String("paid") ? 0.0 : amount},
            {QStringLiteral("status"), status},
            {QStringLiteral("invoiceCycle"), QStringLiteral("quarterly")},
            {QStringLiteral("extId"),
             QStringLiteral("INV-2024-%1").arg(n, 4, 10, QLatin1Char('0'))},
        };
        if (status == QLatin1String("paid"))
            invoice.insert(QStringLiteral("paidDate"), invoiceDate + qint64(pick(30)));
        create(QStringLiteral("invoices"), invoice);
    }
}

void DemoSeeder::seedOpportunities(const QList<Company> &companies, const QStringList &userIds)
{
    static const QStringList stages
        = words({"Discovery", "Proposal", "Negotiation", "Closed Won", "Closed Lost"});
    for (int n = 1; n <= 30; ++n) {
        const Company &company = companies.at(qsizetype(pick(quint32(companies.size()))));
        const QString stage = pick(stages);
        const QString status = stage == QLatin1String("Closed Won") ? QStringLiteral("won")
            : stage == QLatin1String("Closed Lost")                 ? QStringLiteral("lost")
                                                                    : QStringLiteral("active");
        const int extraSeats = 5 + int(pick(50));
        const double mrr = double(extraSeats * 25);
        create(QStringLiteral("opportunities"),
               {{QStringLiteral("companyId"), company.id},
                {QStringLiteral("title"), QStringLiteral("Expansion: +%1 seats").arg(extraSeats)},
                {QStringLiteral("salesStage"), stage},
                {QStringLiteral("status"), status},
                {QStringLiteral("dealDate"), isoDate(today.addDays(int(pick(120)) - 30))},
                {QStringLiteral("_currency"), company.currency},
                {QStringLiteral("ownerId"), pick(userIds)},
                {QStringLiteral("mrr"), mrr},
                {QStringLiteral("arr"), mrr * 12},
                {QStringLiteral("contractLength"), 12},
                {QStringLiteral("externalId"),
                 QStringLiteral("OPP-%1").arg(n, 4, 10, QLatin1Char('0'))}});
    }
}

void DemoSeeder::seedIssues(const QList<Company> &companies)
{
    static const QStringList titles = words(
        {"SSO login loops on Safari", "CSV export drops accents", "Dashboard loads slowly",
         "Webhook retries duplicate events", "Mobile app crashes on logout",
         "Request: custom report scheduling", "Request: Slack notifications per team",
         "API rate limit too strict", "Timezone wrong in reminders", "Request: audit log export"});
    static const QStringList statuses = words({"open", "in progress", "resolved"});
    for (int n = 0; n < titles.size(); ++n) {
        QJsonArray companyIds;
        for (int i = 1 + int(pick(4)); i > 0; --i) {
            const QString id = companies.at(qsizetype(pick(quint32(companies.size())))).id;
            if (!companyIds.contains(id))
                companyIds.append(id);
        }
        create(QStringLiteral("issues"),
               {{QStringLiteral("title"), titles.at(n)},
                {QStringLiteral("description"), QStringLiteral("Reported by customers.")},
                {QStringLiteral("status"), pick(statuses)},
                {QStringLiteral("companyIds"), companyIds},
                {QStringLiteral("archived"), false},
                {QStringLiteral("externalId"),
                 QStringLiteral("ISS-%1").arg(n + 1, 3, 10, QLatin1Char('0'))}});
    }
}

void DemoSeeder::seedCompanies(int count)
{
    const SandboxStore::Clock previousClock = m_store->clock();
    auto tick = std::make_shared<qint64>(0);
    m_store->setClock([tick]() { return seedEpoch.addDays(1).addMSecs(250 * (*tick)++); });
    m_random.seed(companiesSeed);

    const QStringList userIds = ensureUsers();
    ensureCustomFields();
    if (count <= 0) {
        m_store->setClock(previousClock);
        return;
    }
    // Each company's JSON is written directly in the form QJsonDocument's compact output
    // has (keys sorted, the same bytes ObjectWriter would store): building and encoding a
    // QJsonObject per company made a million companies take over a minute. Values, random
    // draws and timestamps come in the order the generic path used, so the data is the same.
    TypeCollection *companies = m_store->companies();
    companies->reserve(companies->size() + count);
    CompactTimestamps stamps(m_store->clock()()); // companies are stamped 250 ms apart
    const int width = int(QString::number(count).size());
    static const QStringList statuses = words(
        {"customer", "customer", "customer", "customer", "prospect", "coming", "canceled", "lost"});
    const JsonText::StringList prefixes(namePrefixes());
    const JsonText::StringList suffixes(nameSuffixes());
    const JsonText::StringList statusTexts(statuses);
    const JsonText::StringList tagTexts(companyTags);
    const JsonText::StringList phaseTexts(phases);
    const JsonText::StringList segmentTexts(segments);
    const JsonText::StringList userTexts(userIds);
    const QByteArray evaluation = JsonText::quoted(QStringLiteral("Evaluation"));
    const QByteArray bulkSeeded = JsonText::quoted(QStringLiteral("bulk-seeded"));
    // The fixed words need no escaping; the places' names are quoted once.
    std::vector<QByteArray> prefixWords, suffixWords, prefixLetters, suffixLetters;
    for (const QString &word : namePrefixes()) {
        prefixWords.push_back(word.toUtf8());
        prefixLetters.push_back(lettersOnly(word).toLatin1());
    }
    for (const QString &word : nameSuffixes()) {
        suffixWords.push_back(word.toUtf8());
        suffixLetters.push_back(lettersOnly(word).toLatin1());
    }
    struct QuotedPlace
    {
        QByteArray city, country, region, cityText;
    };
    std::vector<QuotedPlace> quotedPlaces;
    for (const Place &place : places) {
        quotedPlaces.push_back({JsonText::quoted(QString::fromUtf8(place.city)),
                                JsonText::quoted(QString::fromUtf8(place.country)),
                                JsonText::quoted(QString::fromUtf8(place.region)),
                                QByteArray(place.city)});
    }
    std::vector<QByteArray> qbrDates;
    for (int day = 0; day < 180; ++day)
        qbrDates.push_back(JsonText::quoted(isoDate(today.addDays(day))));

    CompactWriter json;
    for (int n = 1; n <= count; ++n) {
        const quint32 prefix = pick(quint32(prefixes.size()));
        const quint32 suffix = pick(quint32(suffixes.size()));
        const quint32 placeIndex = pick(quint32(std::size(places)));
        const Place &place = places[placeIndex];
        const QuotedPlace &quotedPlace = quotedPlaces[placeIndex];
        // The number zero-padded to the width of `count`, without allocating.
        char numberDigits[16];
        const int numberSize = paddedNumber(n, width, numberDigits);
        const QByteArrayView number(numberDigits, numberSize);
        const auto writeDomain = [&]() {
            json << prefixLetters[prefix] << suffixLetters[suffix] << number << '.' << place.tld;
        };
        const quint32 status = pick(quint32(statusTexts.size()));
        const bool isCustomer = statuses.at(status) == QLatin1String("customer");
        const QByteArray *firstTag
            = chance(50) ? &tagTexts.at(pick(quint32(tagTexts.size()))) : nullptr;
        const bool seededTag = chance(20);
        const int seats = 10 + int(pick(990));
        const QByteArray &owner = userTexts.at(pick(quint32(userTexts.size())));
        const QByteArray &coOwner = userTexts.at(pick(quint32(userTexts.size())));
        const QByteArray &phase
            = isCustomer ? phaseTexts.at(pick(quint32(phaseTexts.size()))) : evaluation;
        const int csmScore = 1 + int(pick(5));
        const QByteArray &segment = segmentTexts.at(pick(quint32(segmentTexts.size())));
        const bool renewalRisk = chance(15);
        const QByteArray &nextQbr = qbrDates.at(pick(180));

        const QString id = m_store->ids().next();
        const QByteArray &stamp = stamps.next();
        json.clear();
        json << "{\"__v\":0,\"_id\":\"";
        json << id;
        json << "\",\"city\":";
        json << quotedPlace.city;
        json << ",\"coOwner\":";
        json << coOwner;
        json << ",\"country\":";
        json << quotedPlace.country;
        json << ",\"createdAt\":";
        json << stamp;
        json << ",\"csmScore\":";
        json.appendNumber(csmScore);
        // Where the nested values lie is noted as they are written (select finds keys by it).
        JsonPath::Nesting nesting {{}, 0};
        json << ",\"custom\":";
        const qsizetype customAt = json.size();
        json << "{\"Next QBR\":";
        json << nextQbr;
        json << ",\"Region\":";
        json << quotedPlace.region;
        json << ",\"Renewal Risk\":";
        json << (renewalRisk ? "true" : "false");
        json << ",\"Seats\":";
        json.appendNumber(seats);
        json << ",\"Segment\":";
        json << segment;
        json << '}';
        nesting.add(customAt, json.size());
        json << ",\"description\":";
        json << '"';
        json << suffixWords[suffix];
        json << " company based in ";
        json << quotedPlace.cityText;
        json << ".\"";
        json << ",\"domains\":";
        const qsizetype domainsAt = json.size();
        json << "[\"";
        writeDomain();
        json << "\"]";
        nesting.add(domainsAt, json.size());
        json << ",\"externalId\":\"ext-";
        json << number;
        json << "\",\"name\":";
        json << '"';
        json << prefixWords[prefix];
        json << ' ';
        json << suffixWords[suffix];
        json << ' ';
        json << number;
        json << '"';
        json << ",\"owner\":";
        json << owner;
        json << ",\"phase\":";
        json << phase;
        json << ",\"sourceId\":\"src-";
        json << number;
        json << "\",\"status\":";
        json << statusTexts.at(status);
        json << ",\"tags\":";
        const qsizetype tagsAt = json.size();
        json << '[';
        if (firstTag)
            json << *firstTag;
        if (seededTag)
            json << (firstTag ? "," : "") << bulkSeeded;
        json << ']';
        nesting.add(tagsAt, json.size());
        json << ",\"updatedAt\":";
        json << stamp;
        json << ",\"web\":\"https://www.";
        writeDomain();
        json << "\"}";

        std::array<QString, 3> keys;
        keys[size_t(KeyKind::Id)] = id;
        const QString numberText = QString::fromLatin1(number.data(), number.size());
        keys[size_t(KeyKind::SourceId)] = QLatin1String("src-") + numberText;
        keys[size_t(KeyKind::ExternalId)] = QLatin1String("ext-") + numberText;
        if (!companies->insertCompact(json.toByteArray(), std::move(keys), &nesting))
            qFatal("Seeding companies failed: id %s is taken", qPrintable(id));
    }
    m_store->setClock(previousClock);
}

void DemoSeeder::seedMetrics(const QList<Company> &companies)
{
    const QDate today = demoToday();
    const int metricCompanies = int(qMin<qsizetype>(companies.size(), 6));
    for (int index = 0; index < metricCompanies; ++index) {
        const StoredObject *company = m_store->companies()->findById(companies.at(index).id);
        const QString externalId = company ? company->key(KeyKind::ExternalId) : QString();
        if (externalId.isEmpty())
            continue;
        for (int day = 13; day >= 0; --day) {
            const QString date = isoDate(today.addDays(-day));
            const int activeUsers = int(pick(quint32(qMax(1, companies.at(index).seats)))) + 1;
            m_store->appendMetric(AnalyticsEndpoints::metricRow(
                m_store,
                QJsonObject {{QStringLiteral("dimensionId"), QStringLiteral("logins")},
                             {QStringLiteral("value"), activeUsers * 3 + int(pick(20))},
                             {QStringLiteral("externalId"), externalId},
                             {QStringLiteral("date"), date}}));
            m_store->appendMetric(AnalyticsEndpoints::metricRow(
                m_store,
                QJsonObject {{QStringLiteral("dimensionId"), QStringLiteral("active_users")},
                             {QStringLiteral("value"), activeUsers},
                             {QStringLiteral("externalId"), externalId},
                             {QStringLiteral("date"), date}}));
        }
    }
}

} // namespace Planhat::Sandbox
