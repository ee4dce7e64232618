from bot.cooldown import Cooldown


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_rate_events_per_window_then_refuses() -> None:
    clock = FakeClock()
    cooldown = Cooldown(3, 10, clock)
    assert [cooldown.allow("a") for _ in range(5)] == [True, True, True, False, False]
    assert cooldown.allow("b"), "other users are not slowed by one user's flood"
    assert 9.9 < cooldown.retry_after("a") <= 10


def test_window_slides_and_refusals_do_not_extend_it() -> None:
    clock = FakeClock()
    cooldown = Cooldown(2, 10, clock)
    cooldown.allow("a")
    clock.now += 6
    cooldown.allow("a")
    assert not cooldown.allow("a")
    clock.now += 4.5
    assert cooldown.allow("a"), "the first event left the window"
    assert not cooldown.allow("a")


def test_state_of_idle_users_expires() -> None:
    clock = FakeClock()
    cooldown = Cooldown(1, 5, clock)
    for user in range(1000):
        cooldown.allow(str(user))
    assert cooldown.tracked == 1000
    clock.now += 6
    cooldown.allow("late")
    assert cooldown.tracked == 1


def test_rate_zero_turns_the_limit_off() -> None:
    cooldown = Cooldown(0, 5)
    assert all(cooldown.allow("a") for _ in range(100))
    assert cooldown.tracked == 0


def test_a_refused_user_is_warned_once_until_allowed_again() -> None:
    clock = FakeClock()
    cooldown = Cooldown(1, 10, clock)
    assert cooldown.allow("a")
    refusals = [cooldown.allow("a") or cooldown.warn_once("a") for _ in range(50)]
    assert refusals == [True] + [False] * 49
    clock.now += 11
    assert cooldown.allow("a")
    assert not cooldown.allow("a") and cooldown.warn_once("a"), "allowed again, so the next refusal is told again"


def test_warnings_expire_with_the_users_state() -> None:
    clock = FakeClock()
    cooldown = Cooldown(1, 5, clock)
    for user in map(str, range(100)):
        cooldown.allow(user)
        cooldown.allow(user)
        cooldown.warn_once(user)
    clock.now += 6
    cooldown.allow("late")
    assert cooldown.tracked == 1 and cooldown.warn_once("late")
    assert len(cooldown._warned) == 1
