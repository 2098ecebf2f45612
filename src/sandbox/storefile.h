// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace Planhat::Sandbox {

class SandboxStore;

/// Keeps a SandboxStore in a JSON file (`--data FILE`): loads it at start, saves it
/// atomically (QSaveFile) 300 ms after the last change - at most 5 s after the first
/// unsaved one - and whenever saveNow() is called (on exit).
class StoreFile : public QObject
{
    Q_OBJECT

public:
    enum class LoadResult { Loaded, Missing, Failed };

    StoreFile(SandboxStore *store, const QString &path, QObject *parent = nullptr);
    ~StoreFile() override;

    const QString &path() const { return m_path; }

    /// Replaces the store's content with the file's. Missing when there is no file yet.
    LoadResult load(QString *error);
    /// Writes the store now; false with a reason on failure.
    bool saveNow(QString *error);
    /// Saves if anything changed since the last save (logs failures to stderr).
    void saveIfDirty();
    bool isDirty() const { return m_dirty; }

private:
    void handleChange();
    QByteArray serialize() const;

    SandboxStore *m_store;
    QString m_path;
    QTimer m_debounce;
    QElapsedTimer m_firstUnsaved;
    bool m_dirty = false;
};

} // namespace Planhat::Sandbox
