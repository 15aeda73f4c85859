use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my $q = $v[0];
my $limit = 1;
for my $j (1 .. $q) {
    $limit = $v[2 * $j] if $v[2 * $j] > $limit;
}

# One byte per odd number (byte k stands for 2k + 1), "\1" once known composite. Perl's loops are
# slow, so the work goes to string operations that run in C wherever it can.
my $slots = ($limit - 1) >> 1;
my $sieve = "\1" . ("\0" x $slots);

my $root = int(sqrt($limit));
$root-- while $root * $root > $limit;
$root++ while ($root + 1) * ($root + 1) <= $limit;
my @base;
{
    my %composite;
    for (my $i = 3; $i <= $root; $i += 2) {
        next if $composite{$i};
        push @base, $i;
        for (my $j = $i * $i; $j <= $root; $j += 2 * $i) { $composite{$j} = 1 }
    }
}

# Small primes: their multiples repeat with the period of their product, so build one period,
# repeat it over the whole sieve and OR it in; then clear the primes themselves.
my $i = 0;
while ($i < @base && $base[$i] < 100) {
    my ($period, @group) = (1);
    while ($i < @base && $base[$i] < 100 && $period * $base[$i] <= 1_000_000) {
        $period *= $base[$i];
        push @group, $base[$i++];
    }
    my $pattern = "\0" x $period;
    for my $p (@group) {
        for (my $k = ($p - 1) >> 1; $k < $period; $k += $p) { substr($pattern, $k, 1) = "\1" }
    }
    my $mask = $pattern x int(length($sieve) / $period + 1);
    substr($mask, length($sieve)) = "";
    $sieve |= $mask;
    substr($sieve, ($_ - 1) >> 1, 1) = "\0" for @group;
}
# Larger primes have few multiples: mark them one by one, from p*p.
for my $p (@base[$i .. $#base]) {
    for (my $k = ($p * $p - 1) >> 1; $k <= $slots; $k += $p) { substr($sieve, $k, 1) = "\1" }
}

# Primes up to each bound asked about (r and l - 1), counting the sieve's zero bytes between
# successive bounds in increasing order.
my %upTo = map { ($v[2 * $_ - 1] - 1 => 0, $v[2 * $_] => 0) } 1 .. $q;
my ($slot, $odd) = (0, 0);
for my $x (sort { $a <=> $b } keys %upTo) {
    my $last = $x >= 3 ? ($x - 1) >> 1 : 0;
    if ($last > $slot) {
        $odd += (substr($sieve, $slot + 1, $last - $slot) =~ tr/\0//);
        $slot = $last;
    }
    $upTo{$x} = $x >= 2 ? $odd + 1 : 0;
}

my @out;
for my $j (1 .. $q) {
    push @out, $upTo{ $v[2 * $j] } - $upTo{ $v[2 * $j - 1] - 1 };
}
print join("\n", @out), "\n";
