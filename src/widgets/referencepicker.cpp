// SPDX-License-Identifier: MIT
#include "referencepicker.h"

#include "importer/valueconverter.h"
#include "models/referenceresolver.h"

#include <QCollator>
#include <QCompleter>
#include <QLineEdit>

#include <algorithm>

namespace Planhat {

ReferencePicker::ReferencePicker(const QString &typeName, ReferenceResolver *resolver,
                                 QWidget *parent)
    : QComboBox(parent)
    , m_typeName(typeName)
    , m_resolver(resolver)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    lineEdit()->setPlaceholderText(tr("Type part of a name, or paste an id"));
    lineEdit()->setClearButtonEnabled(true);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    if (m_resolver) {
        connect(m_resolver, &ReferenceResolver::namesChanged, this,
                [this](const QString &typeName) {
                    if (typeName == m_typeName)
                        reloadNames();
                });
        m_resolver->require(m_typeName);
    }
    reloadNames();
}

ReferencePicker::~ReferencePicker() = default;

void ReferencePicker::reloadNames()
{
    if (!m_resolver)
        return;
    const QString text = currentText();
    const QString id = m_pendingId.isEmpty() ? referenceId() : m_pendingId;
    const QHash<QString, QString> names = m_resolver->names(m_typeName);
    QList<QPair<QString, QString>> entries; // name, id
    entries.reserve(names.size());
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        entries.append({it.value(), it.key()});
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(entries.begin(), entries.end(), [&collator](const auto &a, const auto &b) {
        return collator.compare(a.first, b.first) < 0;
    });
    const QSignalBlocker blocker(this);
    clear();
    for (const auto &[name, entryId] : std::as_const(entries))
        addItem(name, entryId);
    if (!id.isEmpty())
        setReferenceId(id);
    else
        setEditText(text);
}

QString ReferencePicker::referenceId() const
{
    const QString text = currentText().trimmed();
    if (text.isEmpty())
        return QString();
    const int index = findText(text, Qt::MatchFixedString);
    if (index >= 0)
        return itemData(index).toString();
    return ValueConverter::isObjectId(text) ? text : QString();
}

bool ReferencePicker::hasUnknownName() const
{
    return !currentText().trimmed().isEmpty() && referenceId().isEmpty();
}

void ReferencePicker::setReferenceId(const QString &id)
{
    const int index = id.isEmpty() ? -1 : findData(id);
    if (index >= 0) {
        m_pendingId.clear();
        setCurrentIndex(index);
        return;
    }
    // Names not loaded yet (or an id the tenant does not know): show the id for now.
    m_pendingId = m_resolver && !m_resolver->isLoaded(m_typeName) ? id : QString();
    setCurrentIndex(-1);
    setEditText(id);
}

} // namespace Planhat
