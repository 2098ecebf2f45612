// SPDX-License-Identifier: MIT
#include "importmappingpage.h"

#include "importwizardstate.h"
#include "newcustomfielddialog.h"

#include "importer/customfieldcreator.h"
#include "importer/customfieldproposal.h"
#include "importer/importpolicy.h"
#include "importer/importvalidator.h"
#include "models/importmappingmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

namespace Planhat {

ImportMappingPage::ImportMappingPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_model(new ImportMappingModel(this))
    , m_view(new QTableView(this))
    , m_columnBox(new QGroupBox(this))
    , m_fieldCombo(new QComboBox(m_columnBox))
    , m_dateFormatCombo(new QComboBox(m_columnBox))
    , m_decimalCommaCheck(new QCheckBox(tr("Decimal &comma (1.234,5)"), m_columnBox))
    , m_listSeparatorEdit(new QLineEdit(m_columnBox))
    , m_trimCheck(new QCheckBox(tr("&Trim spaces around the text"), m_columnBox))
    , m_emptyCellCombo(new QComboBox(m_columnBox))
    , m_createFieldButton(new QPushButton(tr("Ne&w custom field…"), m_columnBox))
    , m_fieldStatusLabel(new QLabel(this))
    , m_saveButton(new QPushButton(tr("&Save mapping…"), this))
    , m_loadButton(new QPushButton(tr("L&oad mapping…"), this))
    , m_problemsLabel(new QLabel(this))
{
    setTitle(tr("Mapping"));
    setSubTitle(tr("Choose the field each column fills. Columns left ignored are not imported."));

    m_view->setObjectName(QStringLiteral("mappingView"));
    m_view->setAccessibleName(tr("Column mapping"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_fieldCombo->setObjectName(QStringLiteral("fieldCombo"));
    m_dateFormatCombo->setObjectName(QStringLiteral("dateFormatCombo"));
    m_decimalCommaCheck->setObjectName(QStringLiteral("decimalCommaCheck"));
    m_listSeparatorEdit->setObjectName(QStringLiteral("listSeparatorEdit"));
    m_trimCheck->setObjectName(QStringLiteral("trimCheck"));
    m_emptyCellCombo->setObjectName(QStringLiteral("emptyCellCombo"));
    m_createFieldButton->setObjectName(QStringLiteral("createFieldButton"));
    m_createFieldButton->setToolTip(
        tr("Create a custom field for this column, typed by its values, and map the column "
           "to it"));
    m_fieldStatusLabel->setObjectName(QStringLiteral("customFieldStatusLabel"));
    m_fieldStatusLabel->setWordWrap(true);
    m_fieldStatusLabel->hide();
    m_saveButton->setObjectName(QStringLiteral("saveMappingButton"));
    m_loadButton->setObjectName(QStringLiteral("loadMappingButton"));
    m_problemsLabel->setObjectName(QStringLiteral("mappingProblemsLabel"));
    m_problemsLabel->setWordWrap(true);

    using DateFormat = ColumnOptions::DateFormat;
    m_dateFormatCombo->addItem(tr("ISO 8601 (2024-03-01)"), int(DateFormat::Iso8601));
    m_dateFormatCombo->addItem(QStringLiteral("dd/MM/yyyy"), int(DateFormat::DayMonthYear));
    m_dateFormatCombo->addItem(QStringLiteral("MM/dd/yyyy"), int(DateFormat::MonthDayYear));
    m_dateFormatCombo->addItem(QStringLiteral("yyyy-MM-dd"), int(DateFormat::YearMonthDay));
    m_dateFormatCombo->addItem(tr("Excel serial number"), int(DateFormat::ExcelSerial));
    m_emptyCellCombo->addItem(tr("Leave the field alone"),
                              int(ColumnOptions::EmptyCell::LeaveAlone));
    m_emptyCellCombo->addItem(tr("Clear the field"), int(ColumnOptions::EmptyCell::Clear));
    m_listSeparatorEdit->setMaxLength(3);

    auto *form = new QFormLayout(m_columnBox);
    auto *fieldRow = new QHBoxLayout;
    fieldRow->addWidget(m_fieldCombo, 1);
    fieldRow->addWidget(m_createFieldButton);
    form->addRow(tr("&Field:"), fieldRow);
    // The label's mnemonic goes to the combo, not to the row's layout.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(fieldRow)))
        label->setBuddy(m_fieldCombo);
    form->addRow(tr("&Date format:"), m_dateFormatCombo);
    form->addRow(QString(), m_decimalCommaCheck);
    form->addRow(tr("&List separator:"), m_listSeparatorEdit);
    form->addRow(QString(), m_trimCheck);
    form->addRow(tr("&Empty cell:"), m_emptyCellCombo);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_loadButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_columnBox);
    layout->addLayout(buttons);
    layout->addWidget(m_fieldStatusLabel);
    layout->addWidget(m_problemsLabel);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ImportMappingPage::showColumn);
    connect(m_fieldCombo, &QComboBox::currentIndexChanged, this, &ImportMappingPage::applyField);
    connect(m_dateFormatCombo, &QComboBox::currentIndexChanged, this,
            &ImportMappingPage::applyOptions);
    connect(m_decimalCommaCheck, &QCheckBox::toggled, this, &ImportMappingPage::applyOptions);
    connect(m_listSeparatorEdit, &QLineEdit::textEdited, this, &ImportMappingPage::applyOptions);
    connect(m_trimCheck, &QCheckBox::toggled, this, &ImportMappingPage::applyOptions);
    connect(m_emptyCellCombo, &QComboBox::currentIndexChanged, this,
            &ImportMappingPage::applyOptions);
    connect(m_model, &ImportMappingModel::mappingChanged, this, &ImportMappingPage::updateProblems);
    connect(m_createFieldButton, &QPushButton::clicked, this,
            [this] { offerCustomField(currentColumn()); });
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save mapping"),
            QFileInfo(m_state->filePath).path() + QLatin1Char('/')
                + QFileInfo(m_state->filePath).completeBaseName() + QStringLiteral(".mapping.json"),
            tr("Mapping files (*.json)"));
        if (!path.isEmpty())
            saveMapping(path);
    });
    connect(m_loadButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load mapping"),
                                                          QFileInfo(m_state->filePath).path(),
                                                          tr("Mapping files (*.json)"));
        if (!path.isEmpty())
            loadMapping(path);
    });
}

ImportMappingPage::~ImportMappingPage() = default;

void ImportMappingPage::initializePage()
{
    const ObjectType type = m_state->type();
    const QStringList headers = m_state->preview.headers;
    QStringList currentHeaders;
    for (const ColumnMapping &column : m_state->mapping.columns())
        currentHeaders.append(column.header);
    // Keep the user's choices when coming back with the same file and type.
    if (m_state->mapping.typeName() != type.name || currentHeaders != headers) {
        m_state->mapping = ImportMapping::autoMatch(type, headers);
        // A key automatic matching does not take (domains) is found by its header.
        ImportPolicy::mapMatchColumn(type, m_state->matchField, &m_state->mapping);
    }

    QStringList samples;
    for (int column = 0; column < headers.size(); ++column) {
        QString sample;
        for (const QStringList &row : m_state->preview.rows) {
            sample = row.value(column).trimmed();
            if (!sample.isEmpty())
                break;
        }
        samples.append(sample);
    }
    m_model->setMapping(type, m_state->mapping, samples);
    buildFieldChoices();
    m_view->resizeColumnsToContents();
    m_view->setCurrentIndex(m_model->index(0, ImportMappingModel::Field));
    m_view->setFocus();
    showColumn();
}

void ImportMappingPage::buildFieldChoices()
{
    const QSignalBlocker blocker(m_fieldCombo);
    m_fieldCombo->clear();
    m_fieldCombo->addItem(tr("(ignore this column)"), QString());
    QList<const FieldSpec *> standard;
    QList<const FieldSpec *> custom;
    for (const FieldSpec &field : m_model->type().fields) {
        // A read-only field can be mapped only as the match key (domains), never sent.
        const bool matchOnlyKey = field.name == m_state->matchField
            && ImportPolicy::isMatchOnlyField(m_model->type(), field.name);
        if ((field.isReadOnly() && !matchOnlyKey) || field.type == FieldType::Object)
            continue;
        (field.isCustom() ? custom : standard).append(&field);
    }
    for (const QList<const FieldSpec *> &group : {standard, custom}) {
        if (m_fieldCombo->count() > 1 && !group.isEmpty())
            m_fieldCombo->insertSeparator(m_fieldCombo->count());
        for (const FieldSpec *field : group) {
            m_fieldCombo->addItem(ImportMappingModel::fieldLabel(*field), field->name);
            m_fieldCombo->setItemData(m_fieldCombo->count() - 1, fieldTypeName(field->type),
                                      Qt::ToolTipRole);
        }
    }
}

int ImportMappingPage::currentColumn() const
{
    return m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
}

void ImportMappingPage::showColumn()
{
    const int column = currentColumn();
    m_columnBox->setEnabled(column >= 0);
    if (column < 0) {
        m_columnBox->setTitle(tr("Column"));
        return;
    }
    const ColumnMapping &mapping = m_model->mapping().columns().at(column);
    m_columnBox->setTitle(tr("Column \"%1\"").arg(mapping.header));
    m_createFieldButton->setEnabled(!m_busy && canCreateField(column));
    m_showingColumn = true;
    m_fieldCombo->setCurrentIndex(qMax(0, m_fieldCombo->findData(mapping.field)));
    m_dateFormatCombo->setCurrentIndex(
        m_dateFormatCombo->findData(int(mapping.options.dateFormat)));
    m_decimalCommaCheck->setChecked(mapping.options.decimalComma);
    m_listSeparatorEdit->setText(mapping.options.listSeparator);
    m_trimCheck->setChecked(mapping.options.trim);
    m_emptyCellCombo->setCurrentIndex(m_emptyCellCombo->findData(int(mapping.options.emptyCell)));
    m_showingColumn = false;

    // Only the options that matter for the field's type can be changed.
    const FieldSpec *field = mapping.isIgnored() ? nullptr : m_model->type().field(mapping.field);
    const FieldType type = field ? field->type : FieldType::Text;
    m_dateFormatCombo->setEnabled(type == FieldType::Date || type == FieldType::DayNumber);
    m_decimalCommaCheck->setEnabled(type == FieldType::Number);
    m_listSeparatorEdit->setEnabled(type == FieldType::List);
}

void ImportMappingPage::applyField()
{
    const int column = currentColumn();
    if (m_showingColumn || column < 0)
        return;
    m_model->setField(column, m_fieldCombo->currentData().toString());
    showColumn();
}

void ImportMappingPage::applyOptions()
{
    const int column = currentColumn();
    if (m_showingColumn || column < 0)
        return;
    ColumnOptions options = m_model->mapping().columns().at(column).options;
    options.dateFormat = ColumnOptions::DateFormat(m_dateFormatCombo->currentData().toInt());
    options.decimalComma = m_decimalCommaCheck->isChecked();
    if (!m_listSeparatorEdit->text().isEmpty())
        options.listSeparator = m_listSeparatorEdit->text();
    options.trim = m_trimCheck->isChecked();
    options.emptyCell = ColumnOptions::EmptyCell(m_emptyCellCombo->currentData().toInt());
    m_model->setOptions(column, options);
}

void ImportMappingPage::updateProblems()
{
    const ObjectType &type = m_model->type();
    const ImportValidator validator(type, m_state->matchField, m_state->mode);
    m_problems = m_model->mapping().problems(type) + validator.mappingProblems(m_model->mapping());
    int mapped = 0;
    for (const ColumnMapping &column : m_model->mapping().columns())
        mapped += column.isIgnored() ? 0 : 1;
    if (mapped == 0)
        m_problems.append(tr("no column is mapped to a field"));
    m_problemsLabel->setText(
        m_problems.isEmpty()
            ? tr("%n of %1 column(s) mapped.", nullptr, mapped).arg(m_model->rowCount())
            : tr("Cannot go on: %1.").arg(m_problems.join(QStringLiteral("; "))));
    Q_EMIT completeChanged();
}

bool ImportMappingPage::saveMapping(const QString &path, QString *error)
{
    QString reason;
    const bool saved = m_model->mapping().save(path, &reason);
    m_problemsLabel->setText(saved ? tr("Mapping saved to %1.").arg(path)
                                   : tr("The mapping was not saved: %1").arg(reason));
    if (error)
        *error = reason;
    return saved;
}

bool ImportMappingPage::loadMapping(const QString &path, QString *error)
{
    ImportMapping loaded;
    QString reason;
    if (!ImportMapping::load(path, &loaded, &reason)) {
        m_problemsLabel->setText(tr("The mapping was not loaded: %1").arg(reason));
        if (error)
            *error = reason;
        return false;
    }
    const int row = qMax(0, currentColumn());
    const ObjectType type = m_model->type();
    // Columns the file has but the saved mapping does not know are matched automatically.
    m_model->setMapping(type, loaded.appliedTo(type, m_state->preview.headers), samples());
    m_view->setCurrentIndex(m_model->index(row, ImportMappingModel::Field));
    showColumn();
    m_problemsLabel->setText(tr("Mapping loaded from %1.").arg(path) + QLatin1Char(' ')
                             + m_problemsLabel->text());
    if (loaded.typeName() != type.name) {
        m_problemsLabel->setText(m_problemsLabel->text() + QLatin1Char(' ')
                                 + tr("(The mapping was saved for %1.)").arg(loaded.typeName()));
    }
    return true;
}

bool ImportMappingPage::isComplete() const
{
    return !m_busy && m_problems.isEmpty() && m_model->rowCount() > 0;
}

QStringList ImportMappingPage::samples() const
{
    QStringList samples;
    for (int column = 0; column < m_model->rowCount(); ++column)
        samples.append(m_model->index(column, ImportMappingModel::Sample).data().toString());
    return samples;
}

bool ImportMappingPage::canCreateField(int column) const
{
    return m_state->client
        && CustomFieldProposal::candidateColumns(m_model->type(), m_model->mapping())
               .contains(column);
}

bool ImportMappingPage::offerCustomField(int column)
{
    if (m_busy || column < 0 || !canCreateField(column))
        return false;
    setBusy(true);
    const QString header = m_model->mapping().columns().at(column).header;
    m_fieldStatusLabel->setText(tr("Reading the values of column \"%1\"…").arg(header));
    m_fieldStatusLabel->show();
    // The guess reads up to CustomFieldProposal::sampleRows rows: not on the GUI thread.
    auto guesses = std::make_shared<QHash<int, ColumnValueGuess>>();
    auto error = std::make_shared<QString>();
    const QString filePath = m_state->filePath;
    const TableOptions options = m_state->settings().tableOptions();
    QThread *thread = QThread::create([guesses, error, filePath, options, column] {
        CustomFieldProposal::sampleFile(filePath, options, {column},
                                        CustomFieldProposal::sampleRows, guesses.get(),
                                        error.get());
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, guesses, error, column, header] {
        if (!error->isEmpty()) {
            setBusy(false);
            m_fieldStatusLabel->setText(tr("No custom field was created: %1").arg(*error));
            return;
        }
        m_fieldStatusLabel->hide();
        askForField(CustomFieldProposal::fromGuess(column, header, guesses->value(column)));
    });
    thread->start();
    return true;
}

void ImportMappingPage::askForField(const CustomFieldProposal &proposal)
{
    auto *dialog = new NewCustomFieldDialog(proposal, m_model->type(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { createField(dialog->proposal()); });
    connect(dialog, &QDialog::rejected, this, [this] {
        setBusy(false);
        m_view->setFocus();
    });
    dialog->open();
}

void ImportMappingPage::createField(const CustomFieldProposal &proposal)
{
    const ObjectType type = m_model->type();
    m_fieldStatusLabel->setText(
        tr("Creating custom field \"%1\" on %2…").arg(proposal.name, type.pluralName.toLower()));
    m_fieldStatusLabel->show();
    auto *creator = new CustomFieldCreator(m_state->client, type, {proposal}, this);
    connect(
        creator, &CustomFieldCreator::finished, this,
        [this, proposal](const CustomFieldCreation &result) { fieldCreated(proposal, result); });
    creator->start();
}

void ImportMappingPage::fieldCreated(const CustomFieldProposal &proposal,
                                     const CustomFieldCreation &result)
{
    setBusy(false);
    const QString plural = m_model->type().pluralName.toLower();
    if (result.catalogLoaded) {
        // The wizard's catalog is what the later pages build the type from.
        m_state->customFields = result.catalog;
        ImportMapping mapping = m_model->mapping();
        if (!result.created.isEmpty())
            proposal.applyTo(&mapping);
        m_model->setMapping(m_state->type(), mapping, samples());
        buildFieldChoices();
        m_view->setCurrentIndex(m_model->index(proposal.column, ImportMappingModel::Field));
        showColumn();
    }
    if (!result.isOk()) {
        m_fieldStatusLabel->setText(result.created.isEmpty()
                                        ? tr("No custom field was created: %1").arg(result.message)
                                        : tr("Custom field \"%1\" was created, but: %2")
                                              .arg(proposal.name, result.message));
    } else {
        m_fieldStatusLabel->setText(tr("Created custom field \"%1\" on %2; column \"%3\" fills it.")
                                        .arg(proposal.name, plural, proposal.header));
    }
    m_fieldStatusLabel->show();
    m_view->setFocus();
}

void ImportMappingPage::setBusy(bool busy)
{
    m_busy = busy;
    m_createFieldButton->setEnabled(!busy && canCreateField(currentColumn()));
    m_loadButton->setEnabled(!busy);
    Q_EMIT completeChanged();
}

bool ImportMappingPage::validatePage()
{
    m_state->mapping = m_model->mapping();
    return true;
}

} // namespace Planhat
