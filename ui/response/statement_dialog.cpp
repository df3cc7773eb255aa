#include "ui/response/statement_dialog.h"

#include "core/response/statements.h"
#include "ui/case_writes.h"
#include "ui/qt_text.h"
#include "ui/response/response_desk.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <memory>

namespace cordon::ui {
namespace {
namespace r = core::response;
} // namespace

StatementDialog::StatementDialog(ResponseDesk &desk, QWidget *parent)
    : QDialog(parent), m_desk(desk), m_audience(new QComboBox), m_channel(new QComboBox), m_subject(new QLineEdit),
      m_body(new QPlainTextEdit)
{
    setObjectName(QStringLiteral("statementDialog"));
    setWindowTitle(tr("Statement"));
    resize(760, 620);
    for (r::Audience a : r::statementAudiences())
        m_audience->addItem(qstr(r::audienceTitle(a)), int(a));
    m_channel->addItem(tr("Sent outside Cordon (e-mail, letter, portal): log it"), QString());
    for (const auto &c : m_desk.snapshot().channels) {
        if (c.kind != r::NotificationChannel::Kind::PagerDuty)
            m_channel->addItem(tr("Send through %1").arg(QString::fromStdString(c.name)), QString::fromStdString(c.name));
    }
    m_body->setObjectName(QStringLiteral("statementBody"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Audience:"), m_audience);
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("&How:"), m_channel);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    QPushButton *redraftButton = buttons->addButton(tr("&Redraft"), QDialogButtonBox::ResetRole);
    QPushButton *recordButton = buttons->addButton(tr("&Record"), QDialogButtonBox::AcceptRole);
    recordButton->setEnabled(m_desk.writable());
    connect(redraftButton, &QPushButton::clicked, this, &StatementDialog::redraft);
    connect(recordButton, &QPushButton::clicked, this, &StatementDialog::record);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_audience, &QComboBox::currentIndexChanged, this, &StatementDialog::redraft);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_body, 1);
    layout->addWidget(buttons);
    redraft();
}

void StatementDialog::redraft()
{
    const auto audience = r::Audience(m_audience->currentData().toInt());
    auto draft = std::make_shared<core::Expected<r::Draft>>(r::Draft{});
    m_desk.read([audience, draft](core::Database &db) { *draft = r::draftStatement(db, core::SystemClock::instance(), audience); }, this,
                [this, draft] {
                    if (!*draft) {
                        m_body->setPlainText(QString::fromStdString(draft->error().message));
                        return;
                    }
                    m_subject->setText(QString::fromStdString((*draft)->subject));
                    m_body->setPlainText(QString::fromStdString((*draft)->body));
                });
}

void StatementDialog::record()
{
    if (m_body->toPlainText().contains(QStringLiteral("[to be completed")) &&
        QMessageBox::question(this, windowTitle(), tr("Parts are still marked [to be completed]. Record it anyway?")) != QMessageBox::Yes)
        return;
    const r::Draft draft{m_subject->text().trimmed().toStdString(), m_body->toPlainText().toStdString()};
    const auto audience = r::Audience(m_audience->currentData().toInt());
    const std::string channel = m_channel->currentData().toString().toStdString();
    m_desk.change(tr("Recording the statement"),
                  [draft, audience, channel, actor = responderName().toStdString()](core::Database &db) -> core::Status {
                      auto id = r::recordStatement(db, core::SystemClock::instance(), actor, audience, draft, channel);
                      return id ? core::Status{} : core::Status{id.error()};
                  },
                  channel.empty() ? tr("Statement logged") : tr("Statement queued on %1").arg(QString::fromStdString(channel)));
    if (!channel.empty())
        m_desk.notifyNow();
    accept();
}

} // namespace cordon::ui
