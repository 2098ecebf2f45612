// SPDX-License-Identifier: MIT
// One date on every surface: for the same stored value, the table's text, the cell editor's
// picker and the record form's picker show the same calendar day, and a day picked in either
// editor is stored as that day. Registered twice in tests/gui/CMakeLists.txt, with TZ west
// (America/Los_Angeles) and east (Pacific/Auckland) of UTC.
#include "celleditordelegate.h"
#include "fieldeditor.h"

#include "models/objecttablemodel.h"
#include "schema/schema.h"

#include <QDateEdit>
#include <QStyleOptionViewItem>
#include <QTest>

#include <memory>

using namespace Planhat;

namespace {

const QString recordId = QStringLiteral("65f0c0ffee0000000000abcd");
const QString dateField = QStringLiteral("fromDate");

} // namespace

class TestDateSurfaces : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everySurfaceShowsTheSameDay_data();
    void everySurfaceShowsTheSameDay();
    void cellEditorStoresThePickedDay();
    void cellEditorOpenedAndClosedChangesNothing();
    void formStoresThePickedDay();

private:
    std::unique_ptr<ObjectTableModel> modelWith(const QJsonValue &stored);
    QModelIndex dateCell(ObjectTableModel *model) const;
    QDate cellEditorDay(ObjectTableModel *model);
    QDate formDay(const QJsonValue &stored);

    ObjectType m_type;
    QWidget m_parent;
    CellEditorDelegate m_delegate;
};

void TestDateSurfaces::initTestCase()
{
    // The test means nothing in UTC: make sure the zone it was registered with is in force.
    QVERIFY2(!qEnvironmentVariableIsEmpty("TZ"), "run with TZ set (see tests/gui/CMakeLists.txt)");
    const QDateTime noon(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    QVERIFY2(noon.toLocalTime().offsetFromUtc() != 0, qPrintable(qEnvironmentVariable("TZ")));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_type = *Schema::builtin().type("licenses");
    QCOMPARE(m_type.field(dateField)->type, FieldType::Date);
}

std::unique_ptr<ObjectTableModel> TestDateSurfaces::modelWith(const QJsonValue &stored)
{
    auto model = std::make_unique<ObjectTableModel>(m_type, nullptr);
    model->setVisibleColumns({"_id", dateField});
    model->appendRecord(QJsonObject {{"_id", recordId}, {dateField, stored}});
    return model;
}

QModelIndex TestDateSurfaces::dateCell(ObjectTableModel *model) const
{
    return model->index(0, model->columnOf(dateField));
}

QDate TestDateSurfaces::cellEditorDay(ObjectTableModel *model)
{
    std::unique_ptr<QWidget> editor(
        m_delegate.createEditor(&m_parent, QStyleOptionViewItem(), dateCell(model)));
    auto *dateEdit = qobject_cast<QDateEdit *>(editor.get());
    if (!dateEdit)
        return QDate();
    m_delegate.setEditorData(dateEdit, dateCell(model));
    return dateEdit->date();
}

QDate TestDateSurfaces::formDay(const QJsonValue &stored)
{
    FieldEditor editor(*m_type.field(dateField), nullptr, &m_parent);
    editor.setValue(stored);
    auto *dateEdit = qobject_cast<QDateEdit *>(editor.widget());
    const QDate day = dateEdit ? dateEdit->date() : QDate();
    delete editor.widget();
    return day;
}

void TestDateSurfaces::everySurfaceShowsTheSameDay_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QDate>("day");
    QTest::addColumn<bool>("withTime");

    // Calendar days as Planhat stores them: the same day in every zone.
    QTest::newRow("plain date") << "2024-03-01" << QDate(2024, 3, 1) << false;
    QTest::newRow("midnight UTC") << "2024-03-01T00:00:00.000Z" << QDate(2024, 3, 1) << false;
    QTest::newRow("midnight UTC, no ms") << "2024-03-01T00:00:00Z" << QDate(2024, 3, 1) << false;
    // Moments in time: the day of the local time the table shows with them.
    for (const char *moment : {"2024-03-01T15:00:00.000Z", "2024-03-01T23:30:00.000Z",
                               "2024-03-01T00:00:00.000-08:00", "2024-02-29T10:45:00.000Z"}) {
        const QDate local = QDateTime::fromString(QString::fromLatin1(moment), Qt::ISODateWithMs)
                                .toLocalTime()
                                .date();
        QTest::newRow(moment) << QString::fromLatin1(moment) << local << true;
    }
}

void TestDateSurfaces::everySurfaceShowsTheSameDay()
{
    QFETCH(QString, stored);
    QFETCH(QDate, day);
    QFETCH(bool, withTime);

    const std::unique_ptr<ObjectTableModel> model = modelWith(stored);
    const QString tableText = dateCell(model.get()).data(Qt::DisplayRole).toString();
    const QString dayText = QLocale().toString(day, QLocale::ShortFormat);
    if (withTime)
        QVERIFY2(tableText.startsWith(dayText + " "), qPrintable(tableText + " / " + dayText));
    else
        QCOMPARE(tableText, dayText);
    QCOMPARE(cellEditorDay(model.get()), day);
    QCOMPARE(formDay(stored), day);
}

void TestDateSurfaces::cellEditorStoresThePickedDay()
{
    for (const char *stored : {"2024-03-01T00:00:00.000Z", "2024-03-01T23:30:00.000Z"}) {
        const std::unique_ptr<ObjectTableModel> model = modelWith(QString::fromLatin1(stored));
        const QModelIndex cell = dateCell(model.get());
        std::unique_ptr<QWidget> editor(
            m_delegate.createEditor(&m_parent, QStyleOptionViewItem(), cell));
        auto *dateEdit = qobject_cast<QDateEdit *>(editor.get());
        QVERIFY(dateEdit);
        m_delegate.setEditorData(dateEdit, cell);
        dateEdit->setDate(QDate(2024, 3, 15));
        m_delegate.setModelData(dateEdit, model.get(), cell);

        QCOMPARE(QJsonValue::fromVariant(cell.data(Qt::EditRole)),
                 QJsonValue("2024-03-15T00:00:00.000Z"));
        QCOMPARE(cell.data(Qt::DisplayRole).toString(),
                 QLocale().toString(QDate(2024, 3, 15), QLocale::ShortFormat));
        QCOMPARE(cellEditorDay(model.get()), QDate(2024, 3, 15));
        QCOMPARE(formDay(cell.data(Qt::EditRole).toJsonValue()), QDate(2024, 3, 15));
    }
}

void TestDateSurfaces::cellEditorOpenedAndClosedChangesNothing()
{
    for (const char *stored :
         {"2024-03-01", "2024-03-01T00:00:00.000Z", "2024-03-01T23:30:00.000Z"}) {
        const std::unique_ptr<ObjectTableModel> model = modelWith(QString::fromLatin1(stored));
        const QModelIndex cell = dateCell(model.get());
        std::unique_ptr<QWidget> editor(
            m_delegate.createEditor(&m_parent, QStyleOptionViewItem(), cell));
        m_delegate.setEditorData(editor.get(), cell);
        m_delegate.setModelData(editor.get(), model.get(), cell);
        QVERIFY2(!model->hasChanges(), stored);
        QCOMPARE(QJsonValue::fromVariant(cell.data(Qt::EditRole)),
                 QJsonValue(QString::fromLatin1(stored)));
    }
}

void TestDateSurfaces::formStoresThePickedDay()
{
    FieldEditor editor(*m_type.field(dateField), nullptr, &m_parent);
    editor.setValue(QJsonValue("2024-03-01T00:00:00.000Z"));
    QVERIFY(!editor.isModified());
    auto *dateEdit = qobject_cast<QDateEdit *>(editor.widget());
    QVERIFY(dateEdit);
    QCOMPARE(dateEdit->date(), QDate(2024, 3, 1));
    dateEdit->setDate(QDate(2024, 3, 15));
    QVERIFY(editor.isModified());
    const ConvertedValue value = editor.value();
    QCOMPARE(value.kind, ConvertedValue::Kind::Value);
    QCOMPARE(value.value, QJsonValue("2024-03-15T00:00:00.000Z"));

    // Shown in the table as the day picked.
    const std::unique_ptr<ObjectTableModel> model = modelWith(value.value);
    QCOMPARE(dateCell(model.get()).data(Qt::DisplayRole).toString(),
             QLocale().toString(QDate(2024, 3, 15), QLocale::ShortFormat));
    delete editor.widget();
}

QTEST_MAIN(TestDateSurfaces)
#include "tst_datesurfaces.moc"
