// SPDX-License-Identifier: MIT
#include "newcustomfielddialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Planhat {

NewCustomFieldDialog::NewCustomFieldDialog(const CustomFieldProposal &proposal,
                                           const ObjectType &type, QWidget *parent)
    : QDialog(parent)
    , m_proposal(proposal)
    , m_type(type)
    , m_nameEdit(new QLineEdit(proposal.name, this))
    , m_typeCombo(new QComboBox(this))
    , m_listValuesLabel(new QLabel(tr("&Values (one per line):"), this))
    , m_listValuesEdit(new QPlainTextEdit(this))
    , m_problemLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("newCustomFieldDialog"));
    setWindowTitle(tr("New Custom Field"));
    m_nameEdit->setObjectName(QStringLiteral("customFieldNameEdit"));
    m_typeCombo->setObjectName(QStringLiteral("customFieldTypeCombo"));
    m_listValuesEdit->setObjectName(QStringLiteral("customFieldValuesEdit"));
    m_listValuesEdit->setTabChangesFocus(true);
    m_problemLabel->setObjectName(QStringLiteral("customFieldProblemLabel"));
    m_problemLabel->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate Field"));

    // The types whose values a CSV cell can hold; people, end users and ratings are left
    // to Planhat's own settings.
    const QList<QPair<QString, QString>> types {
        {tr("Text"), QStringLiteral("text")},
        {tr("Number"), QStringLiteral("number")},
        {tr("Date"), QStringLiteral("date")},
        {tr("Checkbox"), QStringLiteral("checkbox")},
        {tr("List (one value)"), QStringLiteral("list")},
        {tr("Multi-pick list"), QStringLiteral("multipicklist")},
        {tr("Email"), QStringLiteral("email")},
        {tr("Phone"), QStringLiteral("phone")},
        {tr("URL"), QStringLiteral("url")},
        {tr("Rich text"), QStringLiteral("rich text")},
    };
    for (const auto &[label, planhatType] : types)
        m_typeCombo->addItem(label, planhatType);
    m_typeCombo->setCurrentIndex(qMax(0, m_typeCombo->findData(proposal.planhatType)));
    m_listValuesEdit->setPlainText(
        (proposal.listValues.isEmpty() ? proposal.seenValues : proposal.listValues)
            .join(QLatin1Char('\n')));

    auto *where = new QLabel(
        tr("Creates the custom field on all %1 of the tenant, for every user, and maps "
           "column \"%2\" to it. The type was guessed from the column's first %3 rows.")
            .arg(type.pluralName.toLower(), proposal.header,
                 QLocale().toString(CustomFieldProposal::sampleRows)),
        this);
    where->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(tr("&Type:"), m_typeCombo);
    form->addRow(m_listValuesLabel, m_listValuesEdit);
    m_listValuesLabel->setBuddy(m_listValuesEdit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(where);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &NewCustomFieldDialog::typeChanged);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &NewCustomFieldDialog::check);
    connect(m_listValuesEdit, &QPlainTextEdit::textChanged, this, &NewCustomFieldDialog::check);
    typeChanged();
    m_nameEdit->setFocus();
    m_nameEdit->selectAll();
}

NewCustomFieldDialog::~NewCustomFieldDialog() = default;

CustomFieldProposal NewCustomFieldDialog::proposal() const
{
    CustomFieldProposal edited = m_proposal;
    edited.name = m_nameEdit->text().trimmed();
    edited.planhatType = m_typeCombo->currentData().toString();
    edited.listValues.clear();
    if (CustomFieldProposal::isListType(edited.planhatType)) {
        for (const QString &line : m_listValuesEdit->toPlainText().split(QLatin1Char('\n'))) {
            const QString value = line.trimmed();
            if (!value.isEmpty() && !edited.listValues.contains(value))
                edited.listValues.append(value);
        }
    }
    // A date format was guessed for dates only; other types read the column plainly.
    if (edited.planhatType != m_proposal.planhatType)
        edited.options = ColumnOptions();
    return edited;
}

void NewCustomFieldDialog::typeChanged()
{
    const bool list = CustomFieldProposal::isListType(m_typeCombo->currentData().toString());
    m_listValuesLabel->setVisible(list);
    m_listValuesEdit->setVisible(list);
    check();
}

void NewCustomFieldDialog::check()
{
    const CustomFieldProposal edited = proposal();
    QString problem = CustomFieldProposal::nameProblem(edited.name, m_type);
    if (problem.isEmpty() && CustomFieldProposal::isListType(edited.planhatType)
        && edited.listValues.isEmpty())
        problem = tr("a list field needs at least one value");
    m_problemLabel->setText(problem);
    m_problemLabel->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace Planhat
