// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <random>

namespace Planhat::Sandbox {

class SandboxStore;
class StoredObject;

/// Fills a store with deterministic data: the same ids, values and timestamps on every run
/// (std::mt19937 with fixed seeds, a fixed clock, the store's counter-based ids).
class DemoSeeder
{
public:
    explicit DemoSeeder(SandboxStore *store);

    /// A believable small tenant: team members, ~120 companies with custom fields, end
    /// users, licenses, projects, tasks, notes, invoices, opportunities, issues, and the
    /// matching /customfields definitions.
    void seedDemo();

    /// `count` generated companies (externalId "ext-<n>", sourceId "src-<n>", n from 1 and
    /// zero-padded to the width of `count`; about 20 top-level fields each) for large-data tests
    /// and benchmarks. Adds team members and custom-field definitions first when the store has
    /// none.
    void seedCompanies(int count);

    /// The day the demo tenant is seeded as of: licenses running on it are active.
    static QDate demoToday();

private:
    struct Company
    {
        QString id;
        QString name;
        QString domain;
        QString region;
        QString status;
        QString currency;
        int seats = 0;
    };

    QStringList ensureUsers();
    void ensureCustomFields();
    QList<Company> seedDemoCompanies(const QStringList &userIds);
    void seedEndUsers(const QList<Company> &companies);
    /// Licenses for paying companies; every company's MRR, ARR and renewal date follow them.
    void seedLicenses(const QList<Company> &companies);
    void setRevenue(const QString &companyId, double mrr, const QDate &renewalDate);
    void seedProjects(const QList<Company> &companies);
    void seedTasks(const QList<Company> &companies, const QStringList &userIds);
    void seedNotes(const QList<Company> &companies, const QStringList &userIds);
    void seedInvoices(const QList<Company> &companies);
    void seedOpportunities(const QList<Company> &companies, const QStringList &userIds);
    void seedIssues(const QList<Company> &companies);
    /// Two metrics (dimension data) a day for two weeks for the first companies.
    void seedMetrics(const QList<Company> &companies);

    /// Creates through the normal write rules (as the sandbox itself, so read-only fields
    /// such as status and domains may be set). A refusal is a bug in the seeder: fatal.
    const StoredObject *create(const QString &typeName, const QJsonObject &payload);

    quint32 pick(quint32 bound);
    const QString &pick(const QStringList &values);
    bool chance(int percent);
    QString isoDate(const QDate &date) const;

    SandboxStore *m_store;
    std::mt19937 m_random;
};

} // namespace Planhat::Sandbox
