"""Progress of a grading run: a line per finished attempt, led by a bar, with the time left at the current pace."""
import sys
import time


def _clock(seconds):
    minutes, seconds = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Progress:
    """``Progress(total)(outcome, final)`` prints one line: bar, count, job, result, seconds, time left."""

    def __init__(self, total, stream=None, width=20, time_left=True):
        self.total, self.width, self.time_left = total, width, time_left
        self.stream = stream or sys.stdout
        self.done = self.failed = 0
        self.started = time.monotonic()

    def __call__(self, outcome, final):
        if final:
            self.done += 1
            self.failed += not outcome.success
        if outcome.success:
            result = f"{outcome.score:g}/{outcome.max_score:g}"
        else:
            result = "FAILED" + ("" if final else ", retrying")
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        filled = round(self.width * self.done / self.total)
        count = f"{self.done:>{len(str(self.total))}}/{self.total}"
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {count}  {outcome.job.assignment:<20} "
                f"{outcome.job.student:<24} {result:<17} {outcome.seconds:5.1f} s"
                + (f"   {_clock(left)} left" if self.time_left else ""))
        if not outcome.success:
            line += f"\n      {outcome.error}"
        print(line, file=self.stream, flush=True)
