// SPDX-License-Identifier: MIT
#include "recordformdialog.h"

#include "fieldeditor.h"
#include "palettecolors.h"
#include "ui_recordformdialog.h"

#include "api/planhatclient.h"
#include "csv/recordcsvwriter.h"
#include "models/referenceresolver.h"

#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Planhat {

namespace {

const QString idField = QStringLiteral("_id");

bool isEmptyValue(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined()
        || (value.isString() && value.toString().trimmed().isEmpty())
        || (value.isArray() && value.toArray().isEmpty());
}

void setPayloadValue(QJsonObject *payload, const FieldSpec &field, const QJsonValue &value)
{
    if (!field.isCustom()) {
        payload->insert(field.name, value);
        return;
    }
    QJsonObject custom = payload->value(QStringLiteral("custom")).toObject();
    custom.insert(field.customKey(), value);
    payload->insert(QStringLiteral("custom"), custom);
}

} // namespace

RecordFormDialog::RecordFormDialog(const ObjectType &type, PlanhatClient *client,
                                   ReferenceResolver *resolver, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RecordFormDialog>())
    , m_type(type)
    , m_client(client)
    , m_resolver(resolver)
{
    m_ui->setupUi(this);
    m_ui->serverErrorLabel->hide();
    setWindowTitle(tr("New %1").arg(m_type.singularName));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RecordFormDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &RecordFormDialog::reject);
    buildForm();
}

RecordFormDialog::~RecordFormDialog() = default;

void RecordFormDialog::buildForm()
{
    for (const FieldSpec &field : std::as_const(m_type.fields)) {
        // The "custom" object itself is edited through its fields, in their own section.
        if (field.isReadOnly() || field.name == idField || field.name == QLatin1String("custom"))
            continue;
        QFormLayout *form = field.isCustom() ? m_ui->customForm : m_ui->standardForm;
        QWidget *parent = field.isCustom() ? m_ui->customGroup : m_ui->standardGroup;
        auto editor = std::make_unique<FieldEditor>(field, m_resolver, parent);

        // The editor with its problem (hidden until there is one) right under it.
        auto *cell = new QWidget(parent);
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        editor->widget()->setParent(cell);
        cellLayout->addWidget(editor->widget());
        auto *error = new QLabel(cell);
        error->setObjectName(QStringLiteral("error:") + field.name);
        error->setWordWrap(true);
        error->setStyleSheet(PaletteColors::labelStyle(PaletteColors::errorText(palette())));
        error->hide();
        cellLayout->addWidget(error);
        m_errorLabels.insert(field.name, error);

        const bool required = field.isRequiredOnCreate();
        auto *label = new QLabel(
            required ? field.displayName + QStringLiteral(" *") : field.displayName, parent);
        label->setBuddy(editor->widget());
        label->setToolTip(required ? tr("%1: required").arg(field.name) : field.name);
        if (required) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        form->addRow(label, cell);
        m_editors.push_back(std::move(editor));
    }
    m_ui->customGroup->setVisible(m_ui->customForm->rowCount() > 0);
    m_ui->requiredNote->setVisible(!m_type.requiredFieldNames().isEmpty());
}

void RecordFormDialog::setRecord(const QJsonObject &record)
{
    m_original = record;
    const QString title = record.value(QStringLiteral("name")).toString();
    setWindowTitle(title.isEmpty() ? tr("Edit %1").arg(m_type.singularName)
                                   : tr("Edit %1 — %2").arg(m_type.singularName, title));
    for (const auto &editor : m_editors)
        editor->setValue(RecordCsvWriter::valueAt(record, editor->field().name));
}

QWidget *RecordFormDialog::editor(const QString &fieldName) const
{
    for (const auto &editor : m_editors) {
        if (editor->field().name == fieldName)
            return editor->widget();
    }
    return nullptr;
}

QString RecordFormDialog::fieldError(const QString &fieldName) const
{
    const QLabel *label = m_errorLabels.value(fieldName);
    return label && !label->isHidden() ? label->text() : QString();
}

QString RecordFormDialog::serverError() const
{
    return m_ui->serverErrorLabel->isHidden() ? QString() : m_ui->serverErrorLabel->text();
}

void RecordFormDialog::showFieldError(const QString &fieldName, const QString &message)
{
    if (QLabel *label = m_errorLabels.value(fieldName)) {
        label->setText(message);
        label->show();
        m_ui->scrollArea->ensureWidgetVisible(label);
    }
}

void RecordFormDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errorLabels))
        label->hide();
    m_ui->serverErrorLabel->hide();
}

bool RecordFormDialog::collectPayload(QJsonObject *payload)
{
    clearErrors();
    bool ok = true;
    QWidget *firstProblem = nullptr;
    const auto problem = [&](const FieldEditor &editor, const QString &message) {
        showFieldError(editor.field().name, message);
        if (!firstProblem)
            firstProblem = editor.widget();
        ok = false;
    };
    for (const auto &editor : m_editors) {
        const FieldSpec &field = editor->field();
        // Editing sends only what the user changed: untouched fields stay as the server has
        // them, even where our reading of a value would differ in form (dates, numbers).
        if (isEditing() && !editor->isModified())
            continue;
        const ConvertedValue converted = editor->value();
        switch (converted.kind) {
        case ConvertedValue::Kind::Invalid:
            problem(*editor, converted.message);
            break;
        case ConvertedValue::Kind::Skip:
            if (field.isRequiredOnCreate()) {
                problem(*editor, tr("%1 is required").arg(field.displayName));
            } else if (isEditing()
                       && !isEmptyValue(RecordCsvWriter::valueAt(m_original, field.name))) {
                setPayloadValue(payload, field, QJsonValue(QJsonValue::Null)); // cleared
            }
            break;
        case ConvertedValue::Kind::Value:
            setPayloadValue(payload, field, converted.value);
            break;
        }
    }
    if (firstProblem)
        firstProblem->setFocus(Qt::OtherFocusReason);
    return ok;
}

void RecordFormDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_ui->formContent->setEnabled(!busy);
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void RecordFormDialog::accept()
{
    if (m_busy || !m_client)
        return;
    QJsonObject payload;
    if (!collectPayload(&payload))
        return;
    if (isEditing() && payload.isEmpty()) {
        QDialog::accept(); // nothing changed: nothing to send
        return;
    }
    ObjectJob *job = isEditing()
        ? m_client->update(m_type, m_original.value(idField).toString(), payload)
        : m_client->create(m_type, payload);
    setBusy(true);
    connect(job, &ObjectJob::finished, this, [this, payload](const ObjectResult &result) {
        handleSaved(payload, result.object, result.error);
    });
    job->start();
}

void RecordFormDialog::handleSaved(const QJsonObject &sent, const QJsonObject &returned,
                                   const ApiError &error)
{
    setBusy(false);
    if (error.isError()) {
        QString text = isEditing()
            ? tr("The server did not save the changes: %1")
            : tr("The server did not create the %1: %2").arg(m_type.singularName.toLower());
        text = text.arg(error.toString());
        if (error.outcome() == ApiError::Outcome::Unknown) {
            text += QLatin1Char(' ')
                + tr("The request may have reached the server: check the table before "
                     "saving again.");
        }
        m_ui->serverErrorLabel->setText(text);
        m_ui->serverErrorLabel->show();
        // A field the server names gets the message too, where people look for it.
        for (const auto &editor : m_editors) {
            if (error.message().contains(editor->field().name))
                showFieldError(editor->field().name, error.message());
        }
        return;
    }
    QJsonObject record = returned;
    if (record.value(idField).toString().isEmpty()) {
        // Some endpoints answer with less than the record: show what we know it holds.
        record = m_original;
        for (auto it = sent.begin(); it != sent.end(); ++it) {
            if (it.key() == QLatin1String("custom")) {
                // The server merges custom fields key by key; so does this copy.
                QJsonObject custom = record.value(it.key()).toObject();
                const QJsonObject changed = it.value().toObject();
                for (auto field = changed.begin(); field != changed.end(); ++field)
                    custom.insert(field.key(), field.value());
                record.insert(it.key(), custom);
            } else {
                record.insert(it.key(), it.value());
            }
        }
    }
    Q_EMIT recordSaved(record);
    QDialog::accept();
}

} // namespace Planhat
