use strict;
use warnings;

my $n = 0 + <STDIN>;
my @moves;

sub hanoi {
    my ($k, $from, $to, $spare) = @_;
    return if $k == 0;
    hanoi($k - 1, $from, $spare, $to);
    push @moves, "$from $to";
    hanoi($k - 1, $spare, $to, $from);
}

hanoi($n, 1, 3, 2);
print scalar(@moves), "\n", join("\n", @moves), "\n";
