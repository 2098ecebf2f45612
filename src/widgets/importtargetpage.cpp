// SPDX-License-Identifier: MIT
#include "importtargetpage.h"

#include "importwizardstate.h"
#include "ui_importtargetpage.h"

#include "importwizard.h"

#include "analytics/analyticstarget.h"
#include "api/planhatclient.h"
#include "importer/importjournal.h"
#include "importer/importpolicy.h"
#include "schema/schema.h"

#include <QFileInfo>
#include <QThread>

namespace Planhat {

namespace {

const QLatin1String analyticsPrefix("analytics:");

/// The type combo's entry for a target of the analytics host: "analytics:activities".
QString analyticsData(AnalyticsTarget target)
{
    return analyticsPrefix + AnalyticsTargets::name(target);
}

std::optional<AnalyticsTarget> analyticsTargetOf(const QString &data)
{
    if (data == analyticsData(AnalyticsTarget::Activities))
        return AnalyticsTarget::Activities;
    if (data == analyticsData(AnalyticsTarget::Metrics))
        return AnalyticsTarget::Metrics;
    return std::nullopt;
}

} // namespace

ImportTargetPage::ImportTargetPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ImportTargetPage>())
    , m_state(state)
{
    m_ui->setupUi(this);
    for (const ObjectType &type : Schema::builtin().types()) {
        if (type.supports(Operation::BulkUpsert))
            m_ui->typeCombo->addItem(type.pluralName, type.name);
    }
    // Not object types: rows for the analytics host, with pages of their own.
    for (const AnalyticsTarget target : {AnalyticsTarget::Activities, AnalyticsTarget::Metrics})
        m_ui->typeCombo->addItem(AnalyticsTargets::label(target), analyticsData(target));
    m_ui->modeCombo->addItem(tr("Upsert: update records that exist, create the others"),
                             importModeName(ImportMode::Upsert));
    m_ui->modeCombo->addItem(tr("Create only: every row is a new record"),
                             importModeName(ImportMode::CreateOnly));
    m_ui->modeCombo->addItem(tr("Update only: change existing records, create none"),
                             importModeName(ImportMode::UpdateOnly));

    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this, &ImportTargetPage::fillKeys);
    connect(m_ui->keyCombo, &QComboBox::currentIndexChanged, this,
            &ImportTargetPage::updateExplanation);
    connect(m_ui->keyCombo, &QComboBox::activated, this, [this] { m_keyChosen = true; });
    connect(m_ui->modeCombo, &QComboBox::currentIndexChanged, this,
            &ImportTargetPage::updateExplanation);
    connect(m_ui->resumeCheck, &QCheckBox::toggled, this, [this](bool resume) {
        m_ui->keyCombo->setEnabled(!resume);
        m_ui->modeCombo->setEnabled(!resume);
        m_ui->chunkSizeSpin->setEnabled(!resume);
    });
}

ImportTargetPage::~ImportTargetPage() = default;

void ImportTargetPage::initializePage()
{
    const int typeIndex = m_ui->typeCombo->findData(
        m_state->analyticsTarget ? analyticsData(*m_state->analyticsTarget) : m_state->typeName);
    if (typeIndex >= 0)
        m_ui->typeCombo->setCurrentIndex(typeIndex);
    fillKeys();
    const int modeIndex = m_ui->modeCombo->findData(importModeName(m_state->mode));
    m_ui->modeCombo->setCurrentIndex(qMax(0, modeIndex));
    m_ui->chunkSizeSpin->setValue(m_state->chunkSize);
    m_ui->typeCombo->setFocus();
    lookForUnfinishedImport();
}

void ImportTargetPage::lookForUnfinishedImport()
{
    m_unfinished.reset();
    m_ui->resumeCheck->setChecked(false);
    m_ui->resumeCheck->hide();
    QStringList typeNames;
    for (int i = 0; i < m_ui->typeCombo->count(); ++i) {
        const QString data = m_ui->typeCombo->itemData(i).toString();
        if (!analyticsTargetOf(data)) // nothing to resume: no journal
            typeNames.append(data);
    }
    const QString filePath = QFileInfo(m_state->filePath).absoluteFilePath();
    // Journals of big imports (and the file, to see whether it changed) take a while to
    // read: not on the GUI thread.
    auto found = std::make_shared<QHash<QString, JournalState>>();
    auto changed = std::make_shared<QHash<QString, QString>>();
    QThread *thread = QThread::create([found, changed, filePath, typeNames] {
        const QString directory = ImportJournal::defaultDirectory();
        for (const QString &typeName : typeNames) {
            const QString path = ImportJournal::findUnfinished(directory, filePath, typeName);
            JournalState state;
            QString error;
            if (path.isEmpty() || !ImportJournal::read(path, &state, &error))
                continue;
            if (state.fileUnchanged(&error))
                found->insert(typeName, state);
            else
                changed->insert(typeName, error);
        }
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, found, changed] {
        m_unfinished = found;
        m_unresumable = changed;
        updateResumable();
    });
    thread->start();
}

void ImportTargetPage::updateResumable()
{
    const QString typeName = m_ui->typeCombo->currentData().toString();
    m_ui->resumeCheck->setEnabled(true);
    if (m_unresumable && m_unresumable->contains(typeName)) {
        // Say why rather than offer nothing: the user may expect to resume.
        m_ui->resumeCheck->setChecked(false);
        m_ui->resumeCheck->setEnabled(false);
        m_ui->resumeCheck->setText(
            tr("An interrupted import of this file cannot be resumed: %1. Undo it from "
               "planhat-cli, or import the file anew.")
                .arg(m_unresumable->value(typeName)));
        m_ui->resumeCheck->show();
        return;
    }
    if (!m_unfinished || !m_unfinished->contains(typeName)) {
        m_ui->resumeCheck->setChecked(false);
        m_ui->resumeCheck->hide();
        return;
    }
    const JournalState &journal = m_unfinished->value(typeName);
    m_ui->resumeCheck->setText(
        tr("&Resume the import of this file that stopped with %1 of %2 rows done")
            .arg(journal.outcomes.size())
            .arg(journal.rowCount));
    m_ui->resumeCheck->setToolTip(tr("Journal: %1").arg(journal.path));
    m_ui->resumeCheck->show();
}

int ImportTargetPage::nextId() const
{
    if (analyticsTargetOf(m_ui->typeCombo->currentData().toString()))
        return int(ImportWizard::AnalyticsMappingPage);
    return m_ui->resumeCheck->isChecked() ? int(ImportWizard::ValidationPage)
                                          : QWizardPage::nextId();
}

void ImportTargetPage::fillKeys()
{
    // The analytics host matches nothing and has no modes: those rows do not apply.
    const bool analytics = analyticsTargetOf(m_ui->typeCombo->currentData().toString()).has_value();
    for (QWidget *widget :
         {static_cast<QWidget *>(m_ui->keyLabel), static_cast<QWidget *>(m_ui->keyCombo),
          static_cast<QWidget *>(m_ui->modeLabel), static_cast<QWidget *>(m_ui->modeCombo),
          static_cast<QWidget *>(m_ui->chunkSizeLabel),
          static_cast<QWidget *>(m_ui->chunkSizeSpin)})
        widget->setVisible(!analytics);
    const ObjectType *builtin = Schema::builtin().type(m_ui->typeCombo->currentData().toString());
    const QString previous = m_ui->keyCombo->currentData().toString();
    const QSignalBlocker blocker(m_ui->keyCombo);
    m_ui->keyCombo->clear();
    QString preferred;
    if (builtin) {
        const ObjectType type = m_state->customFields.apply(*builtin);
        for (const QString &field : ImportPolicy::candidateMatchFields(type))
            m_ui->keyCombo->addItem(ImportPolicy::matchFieldLabel(type, field), field);
        // The mapping the next page starts from: the default key is the one it fills.
        QStringList mappedHeaders;
        for (const ColumnMapping &column : m_state->mapping.columns())
            mappedHeaders.append(column.header);
        const bool sameMapping
            = m_state->mapping.typeName() == type.name && mappedHeaders == m_state->preview.headers;
        preferred = ImportPolicy::defaultMatchField(
            type,
            sameMapping ? m_state->mapping
                        : ImportMapping::autoMatch(type, m_state->preview.headers));
    }
    // Keep the key the user picked while the type offers it; else the policy's default.
    int index = -1;
    if (m_keyChosen) {
        index = m_ui->keyCombo->findData(previous);
        if (index < 0)
            index = m_ui->keyCombo->findData(m_state->matchField);
    }
    if (index < 0)
        index = m_ui->keyCombo->findData(preferred);
    m_ui->keyCombo->setCurrentIndex(qMax(0, index));
    updateExplanation();
    updateResumable();
    Q_EMIT completeChanged();
}

void ImportTargetPage::updateExplanation()
{
    if (const auto target = analyticsTargetOf(m_ui->typeCombo->currentData().toString())) {
        QString text = *target == AnalyticsTarget::Activities
            ? tr("Each row is one activity of an end user (an email or external id, an action, "
                 "and optionally a date, weight, count...), sent to Planhat's analytics host in "
                 "bulk.")
            : tr("Each row is one value of a metric (dimension id, value, the external id of a "
                 "company, end user, asset or project, and a date), pushed to Planhat's "
                 "analytics host in bulk.");
        text += QLatin1Char(' ')
            + tr("The analytics host accepts everything and processes it later, reporting no "
                 "errors per row: every row is checked here first.");
        if (!m_state->client || m_state->client->tenantUuid().isEmpty())
            text += QLatin1Char(' ')
                + tr("This connection has no tenant UUID, which the analytics host needs: set it "
                     "in the profile (Planhat shows it under Settings, Developer).");
        m_ui->explanationLabel->setText(text);
        return;
    }
    const ObjectType *type = Schema::builtin().type(m_ui->typeCombo->currentData().toString());
    if (!type || m_ui->keyCombo->count() == 0) {
        m_ui->explanationLabel->setText(tr("This type cannot be imported."));
        return;
    }
    const QString key = m_ui->keyCombo->currentData().toString();
    QString text;
    ImportMode mode = ImportMode::Upsert;
    importModeFromName(m_ui->modeCombo->currentData().toString(), &mode);
    switch (mode) {
    case ImportMode::Upsert:
        text = tr("Rows whose %1 matches an existing %2 update it; the other rows create new "
                  "%3.");
        break;
    case ImportMode::CreateOnly:
        text = tr("Every row creates a new %2; a row whose %1 already exists is reported as "
                  "failed and nothing is changed for it.");
        break;
    case ImportMode::UpdateOnly:
        text = tr("Rows whose %1 matches an existing %2 update it; the other rows are reported "
                  "and nothing is created.");
        break;
    }
    m_ui->explanationLabel->setText(
        text.arg(key, type->singularName.toLower(), type->pluralName.toLower()));
}

bool ImportTargetPage::isComplete() const
{
    if (analyticsTargetOf(m_ui->typeCombo->currentData().toString()))
        return true;
    return m_ui->typeCombo->currentIndex() >= 0 && m_ui->keyCombo->count() > 0;
}

bool ImportTargetPage::validatePage()
{
    m_state->analyticsTarget = analyticsTargetOf(m_ui->typeCombo->currentData().toString());
    if (m_state->analyticsTarget) {
        m_state->resume.reset();
        return true;
    }
    m_state->typeName = m_ui->typeCombo->currentData().toString();
    m_state->matchField = m_ui->keyCombo->currentData().toString();
    importModeFromName(m_ui->modeCombo->currentData().toString(), &m_state->mode);
    m_state->chunkSize = m_ui->chunkSizeSpin->value();
    m_state->resume.reset();
    if (m_ui->resumeCheck->isChecked() && m_unfinished) {
        QString error;
        if (!m_state->resumeFrom(m_unfinished->value(m_state->typeName), &error)) {
            m_ui->explanationLabel->setText(tr("The import cannot be resumed: %1").arg(error));
            return false;
        }
    }
    return true;
}

} // namespace Planhat
