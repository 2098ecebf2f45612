// SPDX-License-Identifier: MIT
#include "storefile.h"

#include "sandboxstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

namespace Planhat::Sandbox {

namespace {

constexpr int debounceMs = 300;
constexpr int maxDelayMs = 5000;
const QLatin1String formatName("planhat-sandbox");
constexpr int formatVersion = 1;

} // namespace

StoreFile::StoreFile(SandboxStore *store, const QString &path, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_path(path)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &StoreFile::saveIfDirty);
    connect(m_store, &SandboxStore::changed, this, &StoreFile::handleChange);
}

StoreFile::~StoreFile() = default;

void StoreFile::handleChange()
{
    if (!m_dirty) {
        m_dirty = true;
        m_firstUnsaved.start();
    }
    // Restart the quiet period, unless changes have kept coming for too long already.
    if (m_firstUnsaved.elapsed() < maxDelayMs || !m_debounce.isActive())
        m_debounce.start();
}

void StoreFile::saveIfDirty()
{
    if (!m_dirty)
        return;
    QString error;
    if (!saveNow(&error)) {
        const QByteArray line = "planhat-sandbox: " + error.toUtf8() + '\n';
        std::fputs(line.constData(), stderr);
    }
}

QByteArray StoreFile::serialize() const
{
    // Written by hand from each object's cached JSON: re-encoding 100,000 objects through
    // one QJsonDocument would cost far more than the copy.
    QByteArray out;
    out += "{\"format\":\"";
    out += formatName.data();
    out += "\",\"version\":";
    out += QByteArray::number(formatVersion);
    out += ",\"idCounter\":";
    out += QByteArray::number(m_store->ids().counter());
    out += ",\"analytics\":";
    out += QJsonDocument(m_store->analytics()).toJson(QJsonDocument::Compact);
    // Metrics (dimension data) as GET /dimensiondata lists them, one a line.
    out += ",\"metrics\":[";
    bool firstMetric = true;
    for (const QJsonObject &metric : m_store->metrics()) {
        out += firstMetric ? "\n" : ",\n";
        firstMetric = false;
        out += QJsonDocument(metric).toJson(QJsonDocument::Compact);
    }
    out += ']';
    out += ",\"types\":{";
    bool firstType = true;
    for (const TypeCollection *collection : m_store->collections()) {
        if (!firstType)
            out += ',';
        firstType = false;
        out += "\n\"";
        out += collection->type().name.toUtf8();
        out += "\":[";
        bool firstObject = true;
        for (const auto &object : collection->objects()) {
            out += firstObject ? "\n" : ",\n";
            firstObject = false;
            out += object->compactJson();
        }
        out += ']';
    }
    out += "}}\n";
    return out;
}

bool StoreFile::saveNow(QString *error)
{
    m_debounce.stop();
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.write(serialize());
    if (!file.commit()) {
        *error = QStringLiteral("cannot save %1: %2").arg(m_path, file.errorString());
        return false;
    }
    m_dirty = false;
    return true;
}

StoreFile::LoadResult StoreFile::load(QString *error)
{
    QFile file(m_path);
    if (!file.exists())
        return LoadResult::Missing;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString());
        return LoadResult::Failed;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("%1 is not a sandbox data file: %2 at offset %3")
                     .arg(m_path, parseError.errorString())
                     .arg(parseError.offset);
        return LoadResult::Failed;
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != formatName) {
        *error = QStringLiteral("%1 is not a sandbox data file").arg(m_path);
        return LoadResult::Failed;
    }

    const QJsonObject types = root.value(QStringLiteral("types")).toObject();
    for (TypeCollection *collection : m_store->collections()) {
        // Remove what a seeder or an earlier load put there: the file is the whole store.
        while (collection->size() > 0)
            collection->remove(collection->objects().back()->id());
        const QJsonArray objects = types.value(collection->type().name).toArray();
        for (const QJsonValue &value : objects) {
            const QJsonObject object = value.toObject();
            const QString id = object.value(QStringLiteral("_id")).toString();
            if (!collection->insert(object)) {
                *error = QStringLiteral("%1: %2 object without a unique _id")
                             .arg(m_path, collection->type().name);
                return LoadResult::Failed;
            }
            m_store->ids().reserve(id);
        }
    }
    const quint64 counter = quint64(root.value(QStringLiteral("idCounter")).toDouble());
    if (counter > m_store->ids().counter())
        m_store->ids().setCounter(counter);
    m_store->setAnalytics(root.value(QStringLiteral("analytics")).toArray());
    // A file written before metrics were kept has none: the file is still the whole store.
    QList<QJsonObject> metrics;
    for (const QJsonValue &metric : root.value(QStringLiteral("metrics")).toArray()) {
        if (!metric.isObject()) {
            *error = QStringLiteral("%1: a metric that is not a JSON object").arg(m_path);
            return LoadResult::Failed;
        }
        metrics.append(metric.toObject());
    }
    m_store->setMetrics(metrics);
    m_dirty = false;
    return LoadResult::Loaded;
}

} // namespace Planhat::Sandbox
