export default function Letter() { return <div>Letter</div>; }
