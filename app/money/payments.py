"""Taking a payment, giving money back (a refund, a reversal), and moving money between a
client's sessions and credit: every use case one transaction, numbered, audited.

A client's money is changed one desk at a time: each use case first locks the client's row
(PostgreSQL; SQLite writers take turns anyway), so two desks never allocate the same
outstanding amount twice or refund the same payment twice. The receipt number is taken after
every check and read, as the rows are written (on PostgreSQL in one last statement with
them), so the year's counter is held only for that (docs/money.md, Receipts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.audit import change_entry, record_change, record_changes
from app.booking.loader import known_zone
from app.booking.turns import in_transaction
from app.clients.admin_actions import checked_reason
from app.clients.profile import client_id_in
from app.i18n import desk_formats, translate
from app.money.ledger import (
    UPCOMING,
    SessionCharge,
    client_charges,
    held_by_payment,
    returned_of,
    session_charges,
    unallocated_by_payment,
)
from app.text_limits import encodable
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod, Role, SessionStatus
from db.models import Client, ClinicSettings, Payment, PaymentAllocation, TherapySession, User
from db.statements import finish_payment, next_receipt_number, takes_receipt_last

SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
# The receipt in a payment's audit entry until it is numbered (no clinic has a year 0).
RECEIPT_STAND_IN = "RC-0000-000000"
REFERENCE_LIMIT: int = Payment.__table__.c.reference.type.length  # type: ignore[attr-defined]  # a String column's length


class MoneyInputError(ValueError):
    """The request is wrong (unknown client or receipt, bad amount or method, a session of
    another client): exit status 2, nothing changed."""


class MoneyRefusedError(Exception):
    """A rule refuses it (more than was paid, not a supervisor): exit status 3, nothing
    changed. `reason` names the rule for scripts (`--json`'s `{"error", "reason"}`):
    `not_permitted` (no fee to waive, a cancelled session's price, not a supervisor) or
    `more_than_paid`."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Allocation:
    reference: str  # the session's booking reference
    amount_cents: int


@dataclass(frozen=True)
class PaymentRequest:
    """`allocations`: the desk's exact split (what is left becomes credit). Otherwise
    `sessions` (their outstanding amounts, in order) and, when none are named, the client's
    sessions owed now, oldest first; what is left becomes credit."""

    client_key: str
    amount_cents: int
    method: PaymentMethod | str
    reference: str | None = None
    sessions: tuple[str, ...] = ()
    allocations: tuple[Allocation, ...] | None = None


@dataclass(frozen=True)
class PaymentResult:
    receipt: str
    amount_cents: int
    allocated: tuple[Allocation, ...]
    credit_cents: int
    payment_id: int

    def as_json(self) -> dict[str, Any]:
        """The command line's answer (docs/interfaces.md, `frontdesk pay`)."""
        return {
            "receipt": self.receipt,
            "amount_cents": self.amount_cents,
            "allocated": [
                {"reference": a.reference, "amount_cents": a.amount_cents} for a in self.allocated
            ],
            "credit_cents": self.credit_cents,
        }


@dataclass(frozen=True)
class RefundResult:
    receipt: str  # the refund's (or reversal's) own number
    refunds: str  # the receipt it answers
    kind: PaymentKind
    amount_cents: int
    method: PaymentMethod
    taken_back: tuple[Allocation, ...] = field(default=())  # from sessions, beyond credit

    def as_json(self) -> dict[str, Any]:
        return {
            "receipt": self.receipt,
            "refunds": self.refunds,
            "kind": self.kind.value,
            "amount_cents": self.amount_cents,
            "method": self.method.value,
            "taken_back": [
                {"reference": a.reference, "amount_cents": a.amount_cents} for a in self.taken_back
            ],
        }


# -- taking a payment ----------------------------------------------------------------------


def take_payment(
    database: Database, request: PaymentRequest, *, actor: str, now: datetime
) -> PaymentResult:
    """Record a payment with its receipt number and its allocations (SPEC F11)."""
    method = checked_method(request.method)
    reference = checked_reference(request.reference)
    if request.amount_cents <= 0:
        raise MoneyInputError(translate("Money", "an amount of money must be more than zero"))

    def work(session: Session) -> PaymentResult:
        client_id = locked_client(session, request.client_key)
        charges, references = _charges_by_reference(session, client_id)
        plan = _plan(request, charges, references, session)
        credit = request.amount_cents - sum(a.amount_cents for a in plan)
        payment_id, receipt = _write_numbered(
            session,
            now,
            {"kind": PaymentKind.PAYMENT, "client_id": client_id,
             "amount_cents": request.amount_cents, "method": method, "reference": reference,
             "taken_by": actor, "taken_at": now},
            [(references[a.reference], a.amount_cents) for a in plan],
            change_entry(actor, "payment.take", "payment", None, after={
                "receipt": RECEIPT_STAND_IN,
                "amount_cents": request.amount_cents,
                "method": method.value,
                "credit_cents": credit,
                "allocated": {a.reference: a.amount_cents for a in plan},
            }),
        )  # fmt: skip
        return PaymentResult(receipt, request.amount_cents, tuple(plan), credit, payment_id)

    return in_transaction(database, work)


def propose_allocation(
    database: Database, client_key: str, amount_cents: int, first: Sequence[str] = ()
) -> list[Allocation]:
    """How `take_payment` would split an amount (the desk's starting point, changeable):
    the sessions named first, then the sessions owed now, oldest first."""
    with database.read() as session:
        client_id = client_id_in(session, client_key)
        if client_id is None:
            raise MoneyInputError(
                translate("Money", "no client {client_key!r}").format(client_key=client_key)
            )
        charges, references = _charges_by_reference(session, client_id)
        request = PaymentRequest(
            client_key, amount_cents, PaymentMethod.CASH, sessions=tuple(first)
        )
        return _plan(request, charges, references, session)


def _charges_by_reference(
    session: Session, client_id: int
) -> tuple[dict[str, SessionCharge], dict[str, int]]:
    charges = client_charges(session, client_id)
    # by the client, as the charges: a list of their ids (500 for a long account) cost more
    by_id: dict[int, str] = dict(
        session.execute(
            select(TherapySession.id, TherapySession.reference).where(
                TherapySession.client_id == client_id
            )
        ).all()
    )
    return (
        {by_id[c.session_id]: c for c in charges},
        {by_id[c.session_id]: c.session_id for c in charges},
    )


def _plan(
    request: PaymentRequest,
    charges: dict[str, SessionCharge],
    references: dict[str, int],
    session: Session,
) -> list[Allocation]:
    if request.allocations is not None:
        return _checked_split(request, charges, session)
    for named in request.sessions:
        _own_session(named, charges, session)
    if request.sessions:
        order = list(dict.fromkeys(request.sessions))
    else:
        order = [
            reference
            for reference, charge in charges.items()
            if charge.status not in UPCOMING and charge.outstanding_cents
        ]
    left, plan = request.amount_cents, []
    for reference in order:
        share = min(left, charges[reference].outstanding_cents)
        if share > 0:
            plan.append(Allocation(reference, share))
            left -= share
    return plan


def _checked_split(
    request: PaymentRequest, charges: dict[str, SessionCharge], session: Session
) -> list[Allocation]:
    assert request.allocations is not None
    total = 0
    seen: set[str] = set()
    for allocation in request.allocations:
        charge = _own_session(allocation.reference, charges, session)
        if allocation.reference in seen:
            raise MoneyInputError(
                translate("Money", "{reference} is named twice").format(
                    reference=allocation.reference
                )
            )
        seen.add(allocation.reference)
        if allocation.amount_cents <= 0:
            raise MoneyInputError(
                translate("Money", "the amount for {reference} must be more than zero").format(
                    reference=allocation.reference
                )
            )
        if allocation.amount_cents > charge.outstanding_cents:
            raise MoneyInputError(
                translate(
                    "Money", "{reference} asks for {outstanding_cents} at most, not {amount_cents}"
                ).format(
                    reference=allocation.reference,
                    outstanding_cents=_decimal(session, charge.outstanding_cents),
                    amount_cents=_decimal(session, allocation.amount_cents),
                )
            )
        total += allocation.amount_cents
    if total > request.amount_cents:
        raise MoneyInputError(
            translate("Money", "the sessions' shares add up to more than the payment")
        )
    return list(request.allocations)


def _own_session(
    reference: str, charges: dict[str, SessionCharge], session: Session
) -> SessionCharge:
    charge = charges.get(reference)
    if charge is None:
        exists = session.scalar(
            select(TherapySession.id).where(TherapySession.reference == reference)
        )
        if exists is None:
            raise MoneyInputError(
                translate("Money", "no session {reference}").format(reference=reference)
            )
        raise MoneyInputError(
            translate("Money", "{reference} is a session of another client").format(
                reference=reference
            )
        )
    return charge


# -- giving money back ---------------------------------------------------------------------


def refund_payment(
    database: Database,
    receipt: str,
    *,
    reason: str,
    actor: str,
    now: datetime,
    amount_cents: int | None = None,
    method: PaymentMethod | str | None = None,
) -> RefundResult:
    """Give back part or all of what a payment left (a supervisor). The money comes from the
    client's credit of that payment first, then from its sessions, cancelled and upcoming
    before those already owed (docs/money.md, Refunds). `method`: the payment's own unless
    given (cash paid back by transfer, say)."""
    return give_back(
        database,
        receipt,
        PaymentKind.REFUND,
        reason=reason,
        actor=actor,
        now=now,
        amount_cents=amount_cents,
        method=method,
    )


def reverse_payment(
    database: Database, receipt: str, *, reason: str, actor: str, now: datetime
) -> RefundResult:
    """Cancel a payment taken by mistake (a supervisor): what it left is reversed, on the
    same method, and its sessions are owed again."""
    return give_back(
        database,
        receipt,
        PaymentKind.REVERSAL,
        reason=reason,
        actor=actor,
        now=now,
        amount_cents=None,
        method=None,
    )


def give_back(
    database: Database,
    receipt: str,
    kind: PaymentKind,
    *,
    reason: str,
    actor: str,
    now: datetime,
    amount_cents: int | None,
    method: PaymentMethod | str | None,
    inside: Session | None = None,
    credit_only: bool = False,
) -> RefundResult:
    """A refund or reversal of the payment `receipt`, in its own transaction or, `inside`,
    in the caller's (its client locked already: `app.money.fees.refund_credit`).
    `credit_only`: refused rather than taking money back from the payment's sessions."""
    why = checked_reason(reason, MoneyInputError)
    chosen = None if method is None else checked_method(method)
    if amount_cents is not None and amount_cents <= 0:
        raise MoneyInputError(translate("Money", "an amount of money must be more than zero"))

    def work(session: Session) -> RefundResult:
        original = session.scalar(select(Payment).where(Payment.receipt == receipt.strip()))
        if original is None:
            raise MoneyInputError(
                translate("Money", "no receipt {receipt}").format(receipt=receipt)
            )
        if original.kind != PaymentKind.PAYMENT:
            not_a_payment = (
                translate("Money", "{receipt} is a refund, not a payment")
                if original.kind == PaymentKind.REFUND
                else translate("Money", "{receipt} is a reversal, not a payment")
            )
            raise MoneyInputError(not_a_payment.format(receipt=receipt))
        needing = (
            translate("Money", "a refund")
            if kind == PaymentKind.REFUND
            else translate("Money", "a reversal")
        )
        require_supervisor(session, actor, needing)
        client_id = original.client_id
        lock_client(session, client_id)
        # A merge that committed while the lock was awaited moved the payment to the kept
        # client: read it again, and lock that client instead (the merged one is gone).
        session.refresh(original, ["client_id"])
        while original.client_id != client_id:
            client_id = original.client_id
            lock_client(session, client_id)
            session.refresh(original, ["client_id"])
        left = original.amount_cents - returned_of(session, original.id)
        amount = left if amount_cents is None else amount_cents
        if left <= 0:
            raise MoneyRefusedError(
                translate("Money", "{receipt} was already given back in full").format(
                    receipt=receipt
                ),
                "more_than_paid",
            )
        if amount > left:
            raise MoneyRefusedError(
                translate("Money", "{receipt} has {left} left to give back, not {amount}").format(
                    receipt=receipt, left=_decimal(session, left), amount=_decimal(session, amount)
                ),
                "more_than_paid",
            )
        if credit_only:
            credit = dict(unallocated_by_payment(session, client_id)).get(original.id, 0)
            if amount > credit:
                raise MoneyRefusedError(
                    translate(
                        "Money", "{receipt} has {credit} of credit left, not {amount}"
                    ).format(
                        receipt=receipt,
                        credit=_decimal(session, credit),
                        amount=_decimal(session, amount),
                    ),
                    "more_than_paid",
                )
            taken_back: list[tuple[int, str, int]] = []
        else:
            taken_back = _take_back(session, original, amount)
        paid_by = chosen or original.method
        back = tuple(Allocation(ref, cents) for _sid, ref, cents in taken_back)
        _entry_id, number = _write_numbered(
            session,
            now,
            {"kind": kind, "client_id": original.client_id, "amount_cents": amount,
             "method": paid_by, "reference": None, "taken_by": actor, "taken_at": now,
             "reverses_id": original.id, "reason": why},
            [(sid, -cents) for sid, _ref, cents in taken_back],
            change_entry(actor, f"payment.{kind.value}", "payment", None, reason=why, after={
                "receipt": RECEIPT_STAND_IN,
                "of": original.receipt,
                "amount_cents": amount,
                "method": paid_by.value,
                "taken_back": {a.reference: a.amount_cents for a in back},
            }),
        )  # fmt: skip
        return RefundResult(number, original.receipt, kind, amount, paid_by, back)

    return work(inside) if inside is not None else in_transaction(database, work)


def _take_back(session: Session, payment: Payment, amount: int) -> list[tuple[int, str, int]]:
    """(session id, reference, cents) the refund takes from the payment's sessions, after
    the payment's unallocated money: cancelled and no-show sessions first, then upcoming
    ones (latest first), then those owed (latest first)."""
    unallocated = dict(unallocated_by_payment(session, payment.client_id)).get(payment.id, 0)
    needed = amount - min(amount, unallocated)
    if needed == 0:
        return []
    rows = session.execute(
        select(
            PaymentAllocation.session_id,
            TherapySession.reference,
            TherapySession.status,
            TherapySession.starts_at,
            PaymentAllocation.payment_id,
            PaymentAllocation.amount_cents,
        )
        .join(TherapySession, TherapySession.id == PaymentAllocation.session_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where((Payment.id == payment.id) | (Payment.reverses_id == payment.id))
    ).all()
    held: dict[int, list[Any]] = {}
    for session_id, reference, status, starts_at, _pid, cents in rows:
        entry = held.setdefault(session_id, [reference, status, starts_at, 0])
        entry[3] += cents
    rank = {
        SessionStatus.CANCELLED: 0,
        SessionStatus.NO_SHOW: 0,
        SessionStatus.SCHEDULED: 1,
        SessionStatus.CONFIRMED: 1,
    }
    order = sorted(
        ((sid, v) for sid, v in held.items() if v[3] > 0),
        key=lambda item: (rank.get(item[1][1], 2), -item[1][2].timestamp()),
    )
    taken: list[tuple[int, str, int]] = []
    for session_id, (reference, _status, _start, cents) in order:
        share = min(needed, cents)
        taken.append((session_id, reference, share))
        needed -= share
        if needed == 0:
            break
    if needed:  # the allocations and credit always add up to what is left
        raise RuntimeError("a payment's allocations do not add up")
    return taken


# -- credit --------------------------------------------------------------------------------


def apply_credit(
    database: Database, client_key: str, *, actor: str, now: datetime, sessions: Sequence[str] = ()
) -> list[Allocation]:
    """Settle the client's sessions from credit: the named ones (up to their outstanding
    amounts) or, when none are named, those owed now, oldest first."""

    def work(session: Session) -> list[Allocation]:
        client_id = locked_client(session, client_key)
        return use_credit(session, client_id, actor, list(sessions))

    return in_transaction(database, work)


def use_credit(session: Session, client_id: int, actor: str, named: list[str]) -> list[Allocation]:
    """`apply_credit` inside the caller's transaction (its client locked)."""
    sources = unallocated_by_payment(session, client_id)
    if not sources:
        return []
    charges, references = _charges_by_reference(session, client_id)
    request = PaymentRequest(
        "", sum(c for _p, c in sources), PaymentMethod.OTHER, sessions=tuple(named)
    )
    plan = _plan(request, charges, references, session)
    rows: list[tuple[int, int, int]] = []  # payment id, session id, cents
    for allocation in plan:
        needed = allocation.amount_cents
        while needed:
            payment_id, cents = sources[0]
            share = min(needed, cents)
            rows.append((payment_id, references[allocation.reference], share))
            needed -= share
            sources[0] = (payment_id, cents - share)
            if sources[0][1] == 0:
                sources.pop(0)
    if rows:
        _allocate(session, rows, actor)
        record_change(
            session,
            actor=actor,
            action="payment.use_credit",
            entity_type="client",
            entity_id=client_id,
            after={a.reference: a.amount_cents for a in plan},
        )
    return plan


def release_excess(session: Session, session_id: int, actor: str) -> int:
    """Move what a session holds beyond what it now asks (cancelled, a no-show's fee, a fee
    waived, a lower price) to the client's credit, inside the caller's transaction: the
    latest payments' money first. Returns the amount released."""
    charge = session_charges(session, [session_id]).get(session_id)
    if charge is None or charge.excess_cents == 0:
        return 0
    excess = charge.excess_cents
    releases: list[tuple[int, int]] = []
    for payment_id, cents in held_by_payment(session, session_id).items():
        if cents <= 0 or excess == 0:
            continue
        share = min(cents, excess)
        releases.append((payment_id, share))
        excess -= share
    _allocate(session, [(p, session_id, -c) for p, c in releases], actor)
    return sum(c for _p, c in releases)


def move_allocations(session: Session, from_id: int, to_id: int, actor: str) -> int:
    """A rescheduled session's payments follow it to the new session (in the caller's
    transaction). Returns the amount moved."""
    moves = [(p, c) for p, c in held_by_payment(session, from_id).items() if c > 0]
    _allocate(
        session,
        [(p, sid, sign * c) for p, c in moves for sid, sign in ((from_id, -1), (to_id, 1))],
        actor,
    )
    return sum(c for _p, c in moves)


def _allocate(session: Session, rows: list[tuple[int, int, int]], actor: str) -> None:
    """Allocation rows (payment id, session id, cents) in one statement."""
    if rows:
        session.execute(
            insert(PaymentAllocation),
            [
                {"payment_id": p, "session_id": s, "amount_cents": c, "created_by": actor}
                for p, s, c in rows
            ],
        )


# -- shared pieces -------------------------------------------------------------------------


def receipt_year(session: Session, now: datetime) -> int:
    """The clinic's year at `now`: the series a receipt taken then is numbered in."""
    return now.astimezone(known_zone(session)).year


def _write_numbered(
    session: Session,
    now: datetime,
    payment: dict[str, Any],
    shares: list[tuple[int, int]],
    entry: dict[str, Any],
) -> tuple[int, str]:
    """Number the payment (refund, reversal; `payment`: its columns but the receipt) and
    write it with its allocations ((session id, cents)) and its audit entry, whose `after`
    names RECEIPT_STAND_IN for the receipt. Gapless: a rolled-back payment gives its number
    back. On PostgreSQL all in one statement, the last before the commit, so the year's
    counter is held for one round trip (`db.statements.takes_receipt_last`); where writers
    take turns (SQLite), row after row. Returns (payment id, receipt)."""
    year = receipt_year(session, now)
    connection = session.connection()
    rows = [
        {"session_id": s, "amount_cents": c, "created_by": payment["taken_by"]} for s, c in shares
    ]
    if takes_receipt_last(connection):
        return finish_payment(connection, year, RECEIPT_STAND_IN, payment, rows, entry)
    receipt = f"RC-{year}-{next_receipt_number(connection, year):06d}"
    payment_id = int(
        session.execute(
            insert(Payment).values(receipt=receipt, **payment).returning(Payment.id)
        ).scalar_one()
    )
    if rows:
        session.execute(insert(PaymentAllocation), [{"payment_id": payment_id, **r} for r in rows])
    after = {k: receipt if v == RECEIPT_STAND_IN else v for k, v in entry["after"].items()}
    record_changes(session, [{**entry, "entity_id": payment_id, "after": after}])
    return payment_id, receipt


def clinic_currency(session: Session) -> str:
    """`ledger.clinic_currency` where money moves: refused (not USD) when no clinic is set
    up yet."""
    currency = session.scalar(select(ClinicSettings.currency).where(ClinicSettings.id == 1))
    if currency is None:
        raise MoneyInputError(
            translate(
                "Money", "the database holds no clinic yet (import one or run `frontdesk demo`)"
            )
        )
    return currency


def checked_method(method: PaymentMethod | str) -> PaymentMethod:
    try:
        return PaymentMethod(method)
    except ValueError:
        options = ", ".join(m.value for m in PaymentMethod)
        raise MoneyInputError(
            translate("Money", "{method!r} is not a payment method ({options})").format(
                method=method, options=options
            )
        ) from None


def checked_reference(reference: str | None) -> str | None:
    text = (reference or "").strip()
    if not text:
        return None
    if len(text) > REFERENCE_LIMIT:
        raise MoneyInputError(
            translate("Money", "the reference is longer than {reference_limit} characters").format(
                reference_limit=REFERENCE_LIMIT
            )
        )
    if not encodable(text) or "\x00" in text:
        raise MoneyInputError(translate("Money", "the reference is not valid text"))
    return text


def locked_client(session: Session, key: str) -> int:
    """The client a key names (aliases too), locked for this money change."""
    client_id = client_id_in(session, key)
    if client_id is None:
        raise MoneyInputError(translate("Money", "no client {key!r}").format(key=key))
    lock_client(session, client_id)
    return client_id


def lock_client(session: Session, client_id: int) -> None:
    """PostgreSQL only: SQLite's writers take turns for the whole file anyway, so a
    statement there would be a round trip for nothing (a reschedule counts them)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Client.id).where(Client.id == client_id).with_for_update(key_share=True)
        )


def require_supervisor(session: Session, actor: str, what: str) -> None:
    """Checked inside the transaction: a role taken away a moment ago stops the change."""
    role = session.scalar(select(User.role).where(User.username == actor, User.active.is_(True)))
    if role not in SUPERVISING:
        raise MoneyRefusedError(
            translate("Money", "{what} needs a supervisor or an admin").format(what=what),
            "not_permitted",
        )


def _decimal(session: Session, cents: int) -> str:
    """An amount as messages show it (`50.00 USD`), in the clinic's currency."""
    currency = clinic_currency(session)
    return f"{desk_formats().amount(cents, currency)} {currency}"
