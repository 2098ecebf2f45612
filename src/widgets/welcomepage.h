// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <memory>

namespace Ui {
class WelcomePage;
}

namespace Planhat {

/// The first window of a first run (no profile yet): "Connect to Planhat" and "Try the
/// demo". It only asks; ConnectionController does what was chosen and reports back with
/// showBusy() and showError().
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)
public:
    explicit WelcomePage(QWidget *parent = nullptr);
    ~WelcomePage() override;

    /// Disables the choices and says what is going on (the demo starting).
    void showBusy(const QString &message);
    /// Enables the choices again and says what went wrong.
    void showError(const QString &message);
    QString statusText() const;

Q_SIGNALS:
    void connectRequested();
    void demoRequested();

private:
    std::unique_ptr<Ui::WelcomePage> m_ui;
};

} // namespace Planhat
