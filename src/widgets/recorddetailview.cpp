// SPDX-License-Identifier: MIT
#include "recorddetailview.h"

#include "data/fieldpath.h"
#include "models/objectcolumn.h"
#include "schema/customfieldcatalog.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Planhat {

namespace {

/// A field for a custom value no definition describes, typed by what the value holds.
FieldSpec undeclaredCustomField(const QString &name, const QJsonValue &value)
{
    const QString planhatType = value.isDouble() ? QStringLiteral("number")
        : value.isBool()                         ? QStringLiteral("checkbox")
        : value.isArray()                        ? QStringLiteral("multipicklist")
                                                 : QStringLiteral("text");
    return CustomFieldCatalog::fieldFromDefinition(name, planhatType, {});
}

} // namespace

RecordDetailView::RecordDetailView(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setAccessibleName(tr("Record details"));
    clear();
}

RecordDetailView::~RecordDetailView() = default;

void RecordDetailView::setFormatter(const ValueFormatter &formatter)
{
    m_formatter = formatter;
}

void RecordDetailView::clear()
{
    m_valueLabels.clear();
    auto *content = new QWidget(this); // owned by the scroll area from setWidget on
    auto *layout = new QVBoxLayout(content);
    auto *hint = new QLabel(tr("Select a record to see all of its fields."), content);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    layout->addWidget(hint);
    layout->addStretch();
    setWidget(content); // deletes the previous content
    m_content = content;
}

void RecordDetailView::setRecord(const ObjectType &type, const QJsonObject &record)
{
    m_valueLabels.clear();
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    const ObjectColumn nameColumn(type.field(QStringLiteral("name"))
                                      ? *type.field(QStringLiteral("name"))
                                      : type.fields.first());
    m_title = new QLabel(content);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setText(type.singularName + QStringLiteral(": ")
                     + m_formatter.displayText(nameColumn, nameColumn.valueIn(record)));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);

    auto *standardForm = new QFormLayout();
    layout->addLayout(standardForm);
    auto *customBox = new QGroupBox(tr("Custom fields"), content);
    auto *customForm = new QFormLayout(customBox);
    for (const FieldSpec &field : type.fields) {
        if (field.name == QLatin1String("custom"))
            continue; // shown field by field below
        addRow(field.isCustom() ? customForm : standardForm, field,
               ObjectColumn(field).valueIn(record));
    }
    // Custom values the tenant's definitions do not name (yet) are shown too.
    const QJsonObject custom = record.value(QStringLiteral("custom")).toObject();
    for (auto it = custom.begin(); it != custom.end(); ++it) {
        if (type.field(FieldPath::customField(it.key())))
            continue;
        addRow(customForm, undeclaredCustomField(it.key(), it.value()), it.value());
    }
    customBox->setVisible(customForm->rowCount() > 0);
    layout->addWidget(customBox);
    if (type.name == QLatin1String("companies")) {
        // Metrics are not fields of the company: they are read on demand, in their window.
        auto *metricsButton = new QPushButton(tr("Show &metrics…"), content);
        metricsButton->setObjectName(QStringLiteral("showMetricsButton"));
        metricsButton->setToolTip(
            tr("The metrics (dimension data) Planhat holds for this company"));
        const QString id = record.value(QStringLiteral("_id")).toString();
        const QString name = record.value(QStringLiteral("name")).toString();
        connect(metricsButton, &QPushButton::clicked, this,
                [this, id, name] { Q_EMIT metricsRequested(id, name); });
        layout->addWidget(metricsButton, 0, Qt::AlignLeft);
    }
    layout->addStretch();
    setWidget(content);
    m_content = content;
}

void RecordDetailView::addRow(QFormLayout *form, const FieldSpec &field, const QJsonValue &value)
{
    auto *label = new QLabel(form->parentWidget() ? form->parentWidget() : m_content);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    const ObjectColumn column(field);
    const int checkState
        = field.type == FieldType::Boolean ? ValueFormatter::checkState(value) : -1;
    label->setText(checkState < 0 ? m_formatter.displayText(column, value)
                                  : (checkState == Qt::Checked ? tr("Yes") : tr("No")));
    label->setToolTip(m_formatter.toolTip(column, value));
    form->addRow(field.displayName + QLatin1Char(':'), label);
    m_valueLabels.insert(field.name, label);
}

QString RecordDetailView::shownText(const QString &fieldName) const
{
    const QLabel *label = m_valueLabels.value(fieldName);
    return label ? label->text() : QString();
}

} // namespace Planhat
