// SPDX-License-Identifier: MIT
#include "importjournal.h"

#include "data/jsonbytes.h"
#include "platform/apppaths.h"
#include "platform/filesync.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace Planhat {

namespace {

constexpr int journalVersion = 1;
const QString entryKey = QStringLiteral("entry");

RowOutcome::Status statusFromName(const QString &name)
{
    for (RowOutcome::Status status :
         {RowOutcome::Status::Created, RowOutcome::Status::Updated, RowOutcome::Status::Unchanged,
          RowOutcome::Status::Failed, RowOutcome::Status::OutcomeUnknown}) {
        if (rowStatusName(status) == name)
            return status;
    }
    return RowOutcome::Status::Pending;
}

} // namespace

bool JournalState::fileUnchanged(QString *why) const
{
    if (!file.isValid())
        return true; // a journal from before fingerprints: nothing to compare
    const FileFingerprint now = FileFingerprint::of(filePath);
    if (now == file)
        return true;
    *why = now.isValid() ? QStringLiteral("%1 changed since the import started").arg(filePath)
                         : QStringLiteral("%1 cannot be read any more").arg(filePath);
    return false;
}

QStringList JournalState::createdIds() const
{
    QStringList ids;
    for (auto it = outcomes.constBegin(); it != outcomes.constEnd(); ++it) {
        if (it->status == RowOutcome::Status::Created && !it->id.isEmpty())
            ids.append(it->id);
    }
    ids.sort();
    ids.removeDuplicates();
    return ids;
}

QStringList JournalState::updatedIds() const
{
    QStringList ids;
    for (auto it = outcomes.constBegin(); it != outcomes.constEnd(); ++it) {
        if (it->status == RowOutcome::Status::Updated && !it->id.isEmpty())
            ids.append(it->id);
    }
    ids.sort();
    ids.removeDuplicates();
    return ids;
}

ImportJournal::~ImportJournal() = default;

QString ImportJournal::defaultDirectory()
{
    // The desktop app's data directory whatever the running program calls itself:
    // planhat-cli and planhat-admin share their journals on every platform.
    return AppPaths::journalDirectory();
}

std::unique_ptr<ImportJournal> ImportJournal::create(const QString &directory,
                                                     const ImportSettings &settings,
                                                     qint64 rowCount, QString *error,
                                                     FileFingerprint file)
{
    if (!QDir().mkpath(directory)) {
        *error = QStringLiteral("cannot create the journal directory %1").arg(directory);
        return nullptr;
    }
    const QString name
        = QStringLiteral("%1-%2-%3.journal")
              .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")),
                   settings.type.name)
              .arg(QRandomGenerator::global()->generate() % 100000, 5, 10, QLatin1Char('0'));
    std::unique_ptr<ImportJournal> journal(new ImportJournal);
    journal->m_file.setFileName(QDir(directory).filePath(name));
    if (!journal->m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(journal->m_file.fileName(), journal->m_file.errorString());
        return nullptr;
    }
    QJsonObject header {
        {entryKey, QStringLiteral("import")},
        {QStringLiteral("version"), journalVersion},
        {QStringLiteral("started"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("rowCount"), rowCount},
        {QStringLiteral("settings"), settings.toJson()}};
    // The plan's fingerprint when there is one: the runner checks the file against it before
    // it sends anything, so hashing the file again here would only repeat that.
    if (!file.isValid())
        file = FileFingerprint::of(settings.filePath);
    if (file.isValid()) {
        header.insert(QStringLiteral("fileSize"), file.size);
        header.insert(QStringLiteral("fileSha256"), QString::fromLatin1(file.sha256));
    }
    // Synced meanwhile: nothing is sent before the first chunk's line, whose append waits
    // for this sync.
    if (!journal->append(header, Sync::InBackground)) {
        *error = journal->errorString();
        return nullptr;
    }
    return journal;
}

std::unique_ptr<ImportJournal> ImportJournal::openForAppend(const QString &path, QString *error)
{
    std::unique_ptr<ImportJournal> journal(new ImportJournal);
    journal->m_file.setFileName(path);
    if (!journal->m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, journal->m_file.errorString());
        return nullptr;
    }
    return journal;
}

bool ImportJournal::append(const QJsonObject &entry, Sync sync)
{
    return appendLine(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n', sync);
}

bool ImportJournal::appendLine(const QByteArray &line, Sync sync)
{
    if (m_pendingSync.valid() && !m_pendingSync.get()) {
        m_error = QStringLiteral("cannot write the journal %1: a line before could not be "
                                 "put on the disk")
                      .arg(m_file.fileName());
        return false;
    }
    // A line is complete on disk before the caller goes on (or before the next line, when
    // synced in the background).
    const bool written = m_file.write(line) == line.size()
        && (sync == Sync::Now ? syncToDisk(m_file) : m_file.flush());
    if (!written) {
        m_error = QStringLiteral("cannot write the journal %1: %2")
                      .arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    if (sync == Sync::InBackground) {
        const int handle = m_file.handle();
        m_pendingSync = std::async(std::launch::async, [handle] { return syncHandle(handle); });
    }
    return true;
}

// The per-chunk entries are written as bytes directly (JsonBytes): building a QJsonDocument
// for 5,000 rows cost more than the rest of the run's work per chunk. The text is the one
// QJsonDocument wrote (its members in key order), so read() and older readers take it as
// before.
bool ImportJournal::recordChunkSending(int chunk, const QList<JournalRow> &rows,
                                       const QList<ExistingRecord> &beforeImages)
{
    return appendLine(chunkSendingLine(chunk, rows, beforeImages));
}

bool ImportJournal::recordChunkSendingLine(const QByteArray &line)
{
    return appendLine(line);
}

QByteArray ImportJournal::chunkSendingLine(int chunk, const QList<JournalRow> &rows,
                                           const QList<ExistingRecord> &beforeImages)
{
    QByteArray line;
    line.reserve(64 + rows.size() * 40 + beforeImages.size() * 80);
    line.append("{\"before\":[");
    for (qsizetype i = 0; i < beforeImages.size(); ++i) {
        const ExistingRecord &record = beforeImages.at(i);
        if (i > 0)
            line.append(',');
        line.append("{\"_id\":");
        JsonBytes::appendString(line, record.id);
        line.append(",\"values\":");
        // A before-image kept as text is what appendObject() writes for the object it reads
        // back to (ExistingRowReader writes it so): copied as it is.
        if (!record.imageText.isEmpty())
            line.append(record.imageText);
        else
            JsonBytes::appendObject(line, record.values);
        line.append('}');
    }
    line.append("],\"chunk\":");
    JsonBytes::appendInteger(line, chunk);
    line.append(",\"entry\":\"sending\",\"rows\":[");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const JournalRow &row = rows.at(i);
        if (i > 0)
            line.append(',');
        line.append('[');
        JsonBytes::appendInteger(line, row.index);
        line.append(',');
        JsonBytes::appendString(line, plannedActionName(row.action));
        line.append(',');
        JsonBytes::appendString(line, row.key);
        line.append(']');
    }
    line.append("]}\n");
    return line;
}

bool ImportJournal::recordChunkDone(int chunk, const QList<qint64> &rows,
                                    const QList<RowOutcome> &outcomes)
{
    QByteArray line;
    line.reserve(64 + rows.size() * 48);
    line.append("{\"chunk\":");
    JsonBytes::appendInteger(line, chunk);
    line.append(",\"entry\":\"done\",\"rows\":[");
    // The status names, converted once per chunk rather than once per row.
    QHash<int, QByteArray> statusNames;
    for (qsizetype i = 0; i < rows.size() && i < outcomes.size(); ++i) {
        const RowOutcome &outcome = outcomes.at(i);
        if (i > 0)
            line.append(',');
        line.append('[');
        JsonBytes::appendInteger(line, rows.at(i));
        line.append(',');
        QByteArray &status = statusNames[int(outcome.status)];
        if (status.isEmpty())
            JsonBytes::appendString(status, rowStatusName(outcome.status));
        line.append(status);
        line.append(',');
        JsonBytes::appendString(line, outcome.id);
        if (!outcome.message.isEmpty()) {
            line.append(',');
            JsonBytes::appendString(line, outcome.message);
        }
        line.append(']');
    }
    line.append("]}\n");
    return appendLine(line);
}

bool ImportJournal::recordChunkWithdrawn(int chunk)
{
    return append({{entryKey, QStringLiteral("withdrawn")}, {QStringLiteral("chunk"), chunk}});
}

bool ImportJournal::recordFinished()
{
    return append(
        {{entryKey, QStringLiteral("finished")},
         {QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
}

bool ImportJournal::recordUndone(qint64 restored, qint64 deleted)
{
    return append(
        {{entryKey, QStringLiteral("undone")},
         {QStringLiteral("restored"), restored},
         {QStringLiteral("deleted"), deleted},
         {QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
}

bool ImportJournal::read(const QString &path, JournalState *state, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    JournalState result;
    result.path = QFileInfo(path).absoluteFilePath();
    QHash<qint64, JournalRow> sent;
    QList<qint64> sentOrder;
    qint64 lineNumber = 0;
    bool haveHeader = false;
    QList<QJsonObject> entries; ///< after the header, read first: a withdrawal voids an entry
                                ///< before it
    // Until readLine() gives nothing, not while !atEnd(): a pipe has no end until its writer
    // closes it.
    for (QByteArray line = file.readLine(); !line.isEmpty(); line = file.readLine()) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            // A line the crash cut short is the last one; anything else is damage.
            if ((!line.endsWith('\n') || file.atEnd()) && haveHeader)
                break;
            *error = QStringLiteral("%1, line %2: not a journal entry").arg(path).arg(lineNumber);
            return false;
        }
        const QJsonObject entry = document.object();
        const QString kind = entry.value(entryKey).toString();
        if (!haveHeader) {
            if (kind != QLatin1String("import")) {
                *error = QStringLiteral("%1 is not an import journal").arg(path);
                return false;
            }
            haveHeader = true;
            result.settings = entry.value(QStringLiteral("settings")).toObject();
            result.typeName = result.settings.value(QStringLiteral("type")).toString();
            result.filePath = result.settings.value(QStringLiteral("file")).toString();
            result.rowCount = entry.value(QStringLiteral("rowCount")).toInteger();
            if (entry.contains(QStringLiteral("fileSha256"))) {
                result.file.size = entry.value(QStringLiteral("fileSize")).toInteger();
                result.file.sha256
                    = entry.value(QStringLiteral("fileSha256")).toString().toLatin1();
            }
        } else {
            entries.append(entry);
        }
    }
    if (!haveHeader) {
        *error = QStringLiteral("%1 is empty: not an import journal").arg(path);
        return false;
    }
    const QString chunkKey = QStringLiteral("chunk");
    QList<bool> withdrawn(entries.size(), false);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (entries.at(i).value(entryKey).toString() != QLatin1String("withdrawn"))
            continue;
        const QJsonValue chunk = entries.at(i).value(chunkKey);
        for (qsizetype j = i - 1; j >= 0; --j) {
            if (!withdrawn.at(j) && entries.at(j).value(chunkKey) == chunk
                && entries.at(j).value(entryKey).toString() == QLatin1String("sending")) {
                withdrawn[j] = true;
                break;
            }
        }
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (withdrawn.at(i))
            continue;
        const QJsonObject &entry = entries.at(i);
        const QString kind = entry.value(entryKey).toString();
        if (kind == QLatin1String("sending")) {
            for (const QJsonValue &value : entry.value(QStringLiteral("rows")).toArray()) {
                const QJsonArray row = value.toArray();
                JournalRow journalRow;
                journalRow.index = row.at(0).toInteger();
                journalRow.action = row.at(1).toString() == QLatin1String("update")
                    ? PlannedAction::Update
                    : PlannedAction::Create;
                journalRow.key = row.at(2).toString();
                if (!sent.contains(journalRow.index))
                    sentOrder.append(journalRow.index);
                sent.insert(journalRow.index, journalRow);
                // Sent again (retry, resume): the earlier outcome no longer holds.
                result.outcomes.remove(journalRow.index);
            }
            for (const QJsonValue &value : entry.value(QStringLiteral("before")).toArray()) {
                const QJsonObject image = value.toObject();
                const QString id = image.value(QStringLiteral("_id")).toString();
                if (!id.isEmpty() && !result.beforeImages.contains(id))
                    result.beforeImages.insert(id,
                                               image.value(QStringLiteral("values")).toObject());
            }
        } else if (kind == QLatin1String("done")) {
            for (const QJsonValue &value : entry.value(QStringLiteral("rows")).toArray()) {
                const QJsonArray row = value.toArray();
                RowOutcome outcome;
                outcome.status = statusFromName(row.at(1).toString());
                outcome.id = row.at(2).toString();
                outcome.message = row.at(3).toString();
                result.outcomes.insert(row.at(0).toInteger(), outcome);
            }
        } else if (kind == QLatin1String("finished")) {
            result.finished = true;
        } else if (kind == QLatin1String("undone")) {
            result.undone = true;
        }
    }
    for (const qint64 index : std::as_const(sentOrder)) {
        const auto outcome = result.outcomes.constFind(index);
        if (outcome == result.outcomes.constEnd())
            result.inFlight.append(sent.value(index));
        else if (outcome->status == RowOutcome::Status::Failed
                 || outcome->status == RowOutcome::Status::OutcomeUnknown)
            result.unsettled.append(sent.value(index));
    }
    *state = result;
    return true;
}

QString ImportJournal::findUnfinished(const QString &directory, const QString &filePath,
                                      const QString &typeName)
{
    const QString wanted = QFileInfo(filePath).absoluteFilePath();
    QDir dir(directory);
    const QStringList names
        = dir.entryList({QStringLiteral("*.journal")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &name : names) {
        JournalState state;
        QString error;
        if (!read(dir.filePath(name), &state, &error))
            continue;
        if (!state.finished && !state.undone && state.typeName == typeName
            && QFileInfo(state.filePath).absoluteFilePath() == wanted)
            return state.path;
    }
    return QString();
}

} // namespace Planhat
